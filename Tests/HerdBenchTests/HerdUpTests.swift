import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing
@testable import HerdBench

/// Against the real llama.cpp server of ../shared/llm (herd-up), the shared test server (port 8169 stays dead).
struct HerdUpTests {
    static let members = ["tiny-a", "tiny-b", "tiny-c"]

    @Test func exactScoresAndDeadMembers() async throws {
        try await LlamaServer.with { llama in
            let server = CountingServer(Backends.make(ServerEndpoint(baseURL: llama.baseURL), proto: .openAI))
            let dead = Backends.make(ServerEndpoint(baseURL: "http://127.0.0.1:8169"), proto: .openAI)
            let questions = try TinySuite.questions()
            let path = try TempDir.make() + "/out.jsonl"
            var bench = Self.members.map { BenchMember(name: $0, server: server) }
            bench.append(BenchMember(name: "ghost", modelID: "no-such-model", server: server))
            bench.append(BenchMember(name: "tiny-a@dead", modelID: "tiny-a", server: dead))
            let options = BenchOptions(concurrencyPerServer: 2, retries: 2, backoffSeconds: 0.01, requestTimeout: 30)
            let summary = try await BenchRunner(members: bench, options: options).run(questions, log: try BenchLog(path: path))

            let records = try await BenchLog(path: path).records
            #expect(records.count == 50)
            for q in questions {
                let r = try #require(records[q.id])
                for m in Self.members {
                    #expect(r.scores[m] == TinySuite.expected(m, TinySuite.number(q.id)), "\(m) on \(q.id)")
                    #expect(r.answers[m] == TinySuite.replies[m])
                    #expect((r.seconds[m] ?? -1) > 0)
                }
                // Dead members are errors, never wrong answers.
                #expect(r.scores["ghost"] == nil && r.scores["tiny-a@dead"] == nil)
                #expect(r.errors["ghost"]?.contains("no-such-model") == true, "\(r.errors["ghost"] ?? "no error")")
                #expect(r.errors["tiny-a@dead"]?.contains("127.0.0.1:8169") == true, "\(r.errors["tiny-a@dead"] ?? "no error")")
            }
            #expect(summary.members.map(\.correct) == [15, 15, 12, 0, 0])
            #expect(summary.members.map(\.errors) == [0, 0, 0, 50, 50])
            // Every question once per live member; the unknown model is not retried.
            #expect(Self.members.allSatisfy { server.asked($0) == 50 })
            #expect(server.asked("no-such-model") == 50)
        }
    }

    @Test func interruptedThenResumed() async throws {
        try await LlamaServer.with { llama in
            let questions = try TinySuite.questions()
            let path = try TempDir.make() + "/out.jsonl"
            let options = BenchOptions(concurrencyPerServer: 2, retries: 2, backoffSeconds: 0.05, requestTimeout: 30)
            let first = CountingServer(Backends.make(ServerEndpoint(baseURL: llama.baseURL), proto: .openAI))
            let events = EventRecorder()
            let runner = BenchRunner(members: Self.members.map { BenchMember(name: $0, server: first) }, options: options)
            let task = Task { try await runner.run(questions, log: try BenchLog(path: path), events: events.add) }
            while events.events.filter({ if case .answered = $0 { true } else { false } }).count < 40 {
                try await Task.sleep(for: .milliseconds(2))
            }
            task.cancel()
            let stopped = try await task.value
            #expect(stopped.stopped)
            let partial = try await BenchLog(path: path).records
            let answeredBefore = partial.values.reduce(0) { $0 + $1.scores.count }
            #expect(answeredBefore >= 40 && answeredBefore < 150)
            #expect(partial.values.allSatisfy { $0.errors.isEmpty })

            let second = CountingServer(Backends.make(ServerEndpoint(baseURL: llama.baseURL), proto: .openAI))
            let resumed = try await BenchRunner(members: Self.members.map { BenchMember(name: $0, server: second) }, options: options)
                .run(questions, log: try BenchLog(path: path))
            #expect(second.total == 150 - answeredBefore)
            #expect(resumed.skipped == answeredBefore)
            #expect(resumed.members.map(\.correct) == [15, 15, 12])
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 50)
        }
    }
}
