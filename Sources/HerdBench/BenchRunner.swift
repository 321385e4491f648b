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
                let text = try await Self.collect(request, from: member.server, timeout: options.requestTimeout)
                let seconds = Self.seconds(ContinuousClock.now - start)
                events(.answered(member: member.name, questionID: question.id,
                                 correct: AnswerGrader.grade(question, answer: text).correct, seconds: seconds))
                return .answer(text: text, seconds: seconds)
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

    /// The whole reply of one streamed request; a stream that ends without `.done` is an error.
    static func collect(_ request: ChatRequest, from server: any ModelServer, timeout: Double?) async throws -> String {
        guard let timeout else { return try await stream(request, from: server) }
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await stream(request, from: server) }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let text = first else {
                throw HerdError.other("\(server.endpoint.name): no complete answer within \(timeout < 10 ? String(format: "%.1f", timeout) : String(Int(timeout))) s")
            }
            return text
        }
    }

    static func stream(_ request: ChatRequest, from server: any ModelServer) async throws -> String {
        var text = ""
        var done = false
        for try await event in server.chat(request) {
            switch event {
            case let .token(t): text += t
            case .done: done = true
            }
        }
        try Task.checkCancellation()
        guard done else {
            throw HerdError.interrupted(server: server.endpoint.name, cause: "the stream ended without its end marker")
        }
        return text
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? HerdError { return e.description }
        return String(describing: error)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
