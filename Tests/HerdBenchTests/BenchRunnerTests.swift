import Foundation
import HerdCore
import Testing
@testable import HerdBench

struct BenchRunnerTests {
    /// Four questions: two multiple choice, two numeric.
    static let suite = try! BenchSuite.parse("""
    {"id":"m1","prompt":"Capital of France?\\nA. Paris\\nB. Rome","gold":"A","source":"geo"}
    {"id":"m2","prompt":"Two plus two?\\nA. 3\\nB. 4","gold":"B","source":"math"}
    {"id":"n1","prompt":"Six times seven?","gold":"42","source":"math"}
    {"id":"n2","prompt":"Ten minus eleven?","gold":"-1","source":"math"}
    """, file: "fake.jsonl").questions

    /// "good" answers everything right, "bad" everything wrong, in different styles.
    static func scripted(delay: Double = 0, url: String = "http://fake.test:1") -> FakeServer {
        FakeServer(url: url, delay: delay) { req, _ in
            let p = req.messages.last!.content
            let good = req.model == "good"
            if p.hasPrefix("Capital") { return .text(good ? "The answer is (A)" : "**B**") }
            if p.hasPrefix("Two plus") { return .text(good ? "4, so B." : "Answer: a") }
            if p.hasPrefix("Six") { return .text(good ? "6 × 7 = 42" : "It is 41.") }
            return .text(good ? "10 - 11 = -1" : "1")
        }
    }

    static func fast(_ k: Int = 2) -> BenchOptions {
        BenchOptions(concurrencyPerServer: k, retries: 2, backoffSeconds: 0.01, requestTimeout: 5)
    }

    @Test func gradesEveryMemberExactly() async throws {
        let server = Self.scripted()
        let path = try TempDir.make() + "/out.jsonl"
        let runner = BenchRunner(members: [BenchMember(name: "good", server: server), BenchMember(name: "bad", server: server)],
                                 options: Self.fast())
        let summary = try await runner.run(Self.suite, log: try BenchLog(path: path))
        let records = try await BenchLog(path: path).records
        for id in ["m1", "m2", "n1", "n2"] {
            #expect(records[id]?.scores == ["good": 1, "bad": 0], "question \(id)")
            #expect(records[id]?.errors.isEmpty == true)
            #expect(records[id]?.seconds.keys.sorted() == ["bad", "good"])
        }
        #expect(records["n1"]?.answers["good"] == "6 × 7 = 42")
        #expect(records["m1"]?.source == "geo")
        #expect(summary.members.map(\.correct) == [4, 0])
        #expect(summary.members.map(\.answered) == [4, 4])
        #expect(summary.askedThisRun == 8)
        #expect(!summary.stopped)
        // One line per question, in suite order.
        let ids = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(BenchRecord.self, from: Data($0.utf8)).id
        }
        #expect(ids == ["m1", "m2", "n1", "n2"])
        // The instruction is sent, not recorded.
        #expect(records["m1"]?.prompt == "Capital of France?\nA. Paris\nB. Rome")
    }

    @Test func resumingAsksNothingTwice() async throws {
        let path = try TempDir.make() + "/out.jsonl"
        let first = Self.scripted()
        _ = try await BenchRunner(members: [BenchMember(name: "good", server: first)], options: Self.fast())
            .run(Array(Self.suite.prefix(2)), log: try BenchLog(path: path))
        #expect(first.asked.count == 2)

        let second = Self.scripted()
        let events = EventRecorder()
        let summary = try await BenchRunner(members: [BenchMember(name: "good", server: second), BenchMember(name: "bad", server: second)],
                                            options: Self.fast())
            .run(Self.suite, log: try BenchLog(path: path), events: events.add)
        #expect(events.events.contains(.planned(member: "good", total: 4, alreadyDone: 2, alreadyCorrect: 2)))
        #expect(events.events.contains(.planned(member: "bad", total: 4, alreadyDone: 0, alreadyCorrect: 0)))
        // good: only the two new questions; bad: all four.
        #expect(second.asked.filter { $0.hasPrefix("good|") }.count == 2)
        #expect(second.asked.filter { $0.hasPrefix("bad|") }.count == 4)
        #expect(summary.skipped == 2)
        #expect(summary.members.map(\.correct) == [4, 0])

        let third = Self.scripted()
        let again = try await BenchRunner(members: [BenchMember(name: "good", server: third), BenchMember(name: "bad", server: third)],
                                          options: Self.fast())
            .run(Self.suite, log: try BenchLog(path: path))
        #expect(third.asked.isEmpty)
        #expect(again.askedThisRun == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 4)
    }

    @Test func failuresAreRetriedThenRecordedAsErrors() async throws {
        // "flaky" fails twice then answers; "down" never answers; "ghost" is unknown (not retried).
        let server = FakeServer { req, attempt in
            switch req.model {
            case "flaky": return attempt < 2 ? .fail(.unreachable(server: "fake", cause: "refused")) : .text("42")
            case "down": return .cut("4")
            default: return .fail(.unknownModel(server: "fake", model: req.model))
            }
        }
        let path = try TempDir.make() + "/out.jsonl"
        let events = EventRecorder()
        let q = Array(Self.suite[2...2])  // n1, gold 42
        let summary = try await BenchRunner(
            members: ["flaky", "down", "ghost"].map { BenchMember(name: $0, server: server) }, options: Self.fast())
            .run(q, log: try BenchLog(path: path), events: events.add)
        let r = try #require(try await BenchLog(path: path).records["n1"])
        #expect(r.scores == ["flaky": 1])
        #expect(r.errors["down"] == "fake.test:1 closed the stream early: the stream ended without its end marker")
        #expect(r.errors["ghost"] == "fake does not serve a model named \"ghost\"")
        #expect(r.scores["down"] == nil && r.answers["down"] == nil)
        #expect(server.asked.filter { $0.hasPrefix("flaky|") }.count == 3)
        #expect(server.asked.filter { $0.hasPrefix("down|") }.count == 3)
        #expect(server.asked.filter { $0.hasPrefix("ghost|") }.count == 1)
        #expect(events.events.filter { if case .retrying = $0 { true } else { false } }.count == 4)
        #expect(summary.members.map(\.errors) == [0, 1, 1])
    }

    @Test func erroredPairsAreAskedAgainOnResumeUnlessTold() async throws {
        let path = try TempDir.make() + "/out.jsonl"
        let broken = FakeServer { _, _ in .fail(.unreachable(server: "fake", cause: "refused")) }
        let opts = BenchOptions(concurrencyPerServer: 1, retries: 0, backoffSeconds: 0, requestTimeout: 5)
        _ = try await BenchRunner(members: [BenchMember(name: "good", server: broken)], options: opts)
            .run(Self.suite, log: try BenchLog(path: path))
        #expect(try await BenchLog(path: path).records.values.allSatisfy { $0.errors["good"] != nil })

        var keep = opts
        keep.retryErrors = false
        let untouched = Self.scripted()
        _ = try await BenchRunner(members: [BenchMember(name: "good", server: untouched)], options: keep)
            .run(Self.suite, log: try BenchLog(path: path))
        #expect(untouched.asked.isEmpty)

        let fixed = Self.scripted()
        let summary = try await BenchRunner(members: [BenchMember(name: "good", server: fixed)], options: opts)
            .run(Self.suite, log: try BenchLog(path: path))
        #expect(fixed.asked.count == 4)
        #expect(summary.members[0].correct == 4 && summary.members[0].errors == 0)
    }

    @Test func concurrencyIsPerServer() async throws {
        let one = Self.scripted(delay: 0.05, url: "http://one.test:1")
        let two = Self.scripted(delay: 0.05, url: "http://two.test:1")
        let members = [BenchMember(name: "good", server: one), BenchMember(name: "bad", server: one),
                       BenchMember(name: "good2", modelID: "good", server: two)]
        let path = try TempDir.make() + "/out.jsonl"
        let summary = try await BenchRunner(members: members, options: Self.fast(3))
            .run(Self.suite, log: try BenchLog(path: path))
        #expect(one.maxInFlight == 3)
        #expect(two.maxInFlight == 3)
        #expect(one.asked.count == 8 && two.asked.count == 4)
        #expect(summary.members.map(\.correct) == [4, 0, 4])
        // Measured seconds include the server's delay.
        let secs = try await BenchLog(path: path).records.values.flatMap { $0.seconds.values }
        #expect(secs.count == 12 && secs.allSatisfy { $0 >= 0.05 })

        let serial = Self.scripted(delay: 0.02)
        _ = try await BenchRunner(members: [BenchMember(name: "good", server: serial), BenchMember(name: "bad", server: serial)],
                                  options: Self.fast(1))
            .run(Self.suite, log: try BenchLog(path: try TempDir.make() + "/o.jsonl"))
        #expect(serial.maxInFlight == 1)
    }

    @Test func aSlowRequestTimesOutAsAnError() async throws {
        let slow = Self.scripted(delay: 2)
        let path = try TempDir.make() + "/out.jsonl"
        let opts = BenchOptions(concurrencyPerServer: 1, retries: 0, backoffSeconds: 0, requestTimeout: 0.1)
        _ = try await BenchRunner(members: [BenchMember(name: "good", server: slow)], options: opts)
            .run(Array(Self.suite.prefix(1)), log: try BenchLog(path: path))
        #expect(try await BenchLog(path: path).records["m1"]?.errors["good"] == "fake.test:1: no complete answer within 0.1 s")
    }

    @Test func cancellingStopsAndKeepsWhatWasAnswered() async throws {
        let questions = (1...40).map {
            BenchQuestion(id: "q\($0)", prompt: "Q\($0): six times seven?", source: "s", gold: "42", kind: .numeric)
        }
        let server = FakeServer(delay: 0.02) { _, _ in .text("42") }
        let path = try TempDir.make() + "/out.jsonl"
        let events = EventRecorder()
        let members = [BenchMember(name: "a", server: server), BenchMember(name: "b", server: server)]
        let task = Task {
            try await BenchRunner(members: members, options: Self.fast(2)).run(questions, log: try BenchLog(path: path), events: events.add)
        }
        while events.events.filter({ if case .answered = $0 { true } else { false } }).count < 10 {
            try await Task.sleep(for: .milliseconds(5))
        }
        task.cancel()
        let summary = try await task.value
        #expect(summary.stopped)
        let partial = try await BenchLog(path: path).records
        let answered = partial.values.reduce(0) { $0 + $1.scores.count }
        #expect(answered >= 10 && answered < 80)
        #expect(partial.values.allSatisfy { $0.errors.isEmpty })  // a stop is not an error
        #expect(answered == summary.askedThisRun)

        let resumed = FakeServer { _, _ in .text("42") }
        let done = try await BenchRunner(members: [BenchMember(name: "a", server: resumed), BenchMember(name: "b", server: resumed)],
                                         options: Self.fast(2)).run(questions, log: try BenchLog(path: path))
        #expect(resumed.asked.count == 80 - answered)
        #expect(done.members.map(\.correct) == [40, 40])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 40)
    }
}
