import Foundation
import HerdCore

/// Puts every question to every member, grades the answers and writes routing data to a `BenchLog`.
///
/// Each server gets `concurrencyPerServer` workers that take its members' questions in suite order, so a
/// server is never asked more than that at once however many members it holds. Pairs already answered
/// in the log are skipped (resume). Cancelling the calling task stops the run: requests in flight are
/// dropped (asked again on resume), and every question with new results gets its line before `run` returns.
public struct BenchRunner: Sendable {
    public var members: [BenchMember]
    public var options: BenchOptions

    public init(members: [BenchMember], options: BenchOptions = BenchOptions()) {
        self.members = members
        self.options = options
    }

    public func run(_ questions: [BenchQuestion], log: BenchLog,
                    events: @escaping @Sendable (BenchEvent) -> Void = { _ in }) async throws -> BenchSummary {
        let started = ContinuousClock.now
        try await log.repairIfNeeded()
        let existing = await log.records

        var jobsByServer: [String: [BenchJob]] = [:]
        var serverOrder: [String] = []
        var remaining: [String: Int] = [:]
        var skippedPerMember = Array(repeating: 0, count: members.count)
        var correctBefore = Array(repeating: 0, count: members.count)
        for (qi, q) in questions.enumerated() {
            for (mi, m) in members.enumerated() {
                if let r = existing[q.id], r.isAnswered(by: m.name) || (!options.retryErrors && r.errors[m.name] != nil) {
                    skippedPerMember[mi] += 1
                    correctBefore[mi] += r.scores[m.name] ?? 0
                    continue
                }
                if jobsByServer[m.serverKey] == nil { serverOrder.append(m.serverKey) }
                jobsByServer[m.serverKey, default: []].append(BenchJob(question: qi, member: mi))
                remaining[q.id, default: 0] += 1
            }
        }
        for (mi, m) in members.enumerated() {
            events(.planned(member: m.name, total: questions.count, alreadyDone: skippedPerMember[mi],
                           alreadyCorrect: correctBefore[mi]))
        }

        var working: [String: BenchRecord] = [:]
        for q in questions where remaining[q.id] != nil {
            working[q.id] = existing[q.id] ?? BenchRecord(question: q)
        }
        let state = RunState(log: log, records: working, remaining: remaining)
        var failure: Error?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in serverOrder {
                    let jobs = jobsByServer[key]!
                    let queue = JobQueue(jobs)
                    for _ in 0..<min(options.concurrencyPerServer, jobs.count) {
                        group.addTask {
                            while !Task.isCancelled, let job = await queue.take() {
                                let q = questions[job.question], m = members[job.member]
                                let outcome = await ask(q, m, events: events)
                                try await state.record(q, member: m.name, outcome: outcome)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            failure = error
        }
        let stopped = Task.isCancelled
        try await state.flushPartial(order: questions.map(\.id))
        try await log.compact(order: questions.map(\.id))
        if let failure, !(failure is CancellationError) { throw failure }

        let records = await log.records
        return BenchSummary(
            members: BenchSummary.figures(records: records, questionIDs: questions.map(\.id), members: members.map(\.name)),
            questions: questions.count,
            askedThisRun: await state.completed,
            skipped: skippedPerMember.reduce(0, +),
            stopped: stopped,
            wallSeconds: Self.seconds(ContinuousClock.now - started))
    }

    /// One question to one member, with retries; the seconds are those of the attempt that answered.
    func ask(_ question: BenchQuestion, _ member: BenchMember, events: @Sendable (BenchEvent) -> Void) async -> BenchOutcome {
        let request = BenchPrompt.request(for: question, member: member, options: options)
        var attempt = 0
        while true {
            if Task.isCancelled { return .cancelled }
            let start = ContinuousClock.now
            do {
                var complete: (@Sendable (String) -> String?)? = nil
                if let limits = options.limits {
                    let kind = question.kind
                    complete = { text in limits.knownAnswer(text, for: kind) }
                }
                let reply = try await Self.collect(request, from: member.server, timeout: options.requestTimeout, complete: complete)
                let seconds = Self.seconds(ContinuousClock.now - start)
                events(.answered(member: member.name, questionID: question.id,
                                 correct: AnswerGrader.grade(question, answer: reply.text).correct, seconds: seconds))
                return .answer(text: reply.text, seconds: seconds, finish: reply.finish)
            } catch {
                if Task.isCancelled || error is CancellationError { return .cancelled }
                let message = Self.describe(error)
                guard attempt < options.retries, RetryPolicy.isRetryable(error) else {
                    events(.failed(member: member.name, questionID: question.id, error: message))
                    return .failure(message)
                }
                attempt += 1
                let delay = RetryPolicy.delay(attempt: attempt, base: options.backoffSeconds)
                events(.retrying(member: member.name, questionID: question.id, attempt: attempt, delay: delay, error: message))
                do { try await Task.sleep(for: .seconds(delay)) } catch { return .cancelled }
            }
        }
    }

    /// A reply and why it ended.
    struct Reply: Sendable {
        var text: String
        /// `early` when `complete` said the answer was known; else the server's finish reason.
        var finish: String?
    }

    /// The reply of one streamed request; a stream that ends without `.done` is an error. When `complete`
    /// finds the answer in the text so far, the stream is closed there (the server stops generating) and
    /// the reply is the part it returned.
    static func collect(_ request: ChatRequest, from server: any ModelServer, timeout: Double?,
                        complete: (@Sendable (String) -> String?)? = nil) async throws -> Reply {
        guard let timeout else { return try await stream(request, from: server, complete: complete) }
        return try await withThrowingTaskGroup(of: Reply?.self) { group in
            group.addTask { try await stream(request, from: server, complete: complete) }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let reply = first else {
                throw HerdError.other("\(server.endpoint.name): no complete answer within \(timeout < 10 ? String(format: "%.1f", timeout) : String(Int(timeout))) s")
            }
            return reply
        }
    }

    static func stream(_ request: ChatRequest, from server: any ModelServer,
                       complete: (@Sendable (String) -> String?)? = nil) async throws -> Reply {
        var text = ""
        var finish: String?
        var done = false
        // Leaving the loop drops the stream, whose termination cancels the request and closes the connection.
        reading: for try await event in server.chat(request) {
            switch event {
            case let .token(t):
                text += t
                // Every boundary an answer can end at holds white space: only then is it worth looking.
                if let complete, t.contains(where: \.isWhitespace), let known = complete(text) {
                    text = known
                    finish = "early"
                    done = true
                    break reading
                }
            case let .done(summary):
                finish = summary.finishReason
                done = true
            }
        }
        try Task.checkCancellation()
        guard done else {
            throw HerdError.interrupted(server: server.endpoint.name, cause: "the stream ended without its end marker")
        }
        return Reply(text: text, finish: finish)
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? HerdError { return e.description }
        return String(describing: error)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
