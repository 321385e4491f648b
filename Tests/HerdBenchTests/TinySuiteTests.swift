import Foundation
import Testing
@testable import HerdBench

/// The tiny suite graded offline, with a fake server that gives the scripted models' replies.
struct TinySuiteTests {
    @Test func scoresFollowTheScriptedReplies() async throws {
        let questions = try TinySuite.questions()
        #expect(questions.count == 50)
        let server = FakeServer { req, _ in .text(TinySuite.replies[req.model]!) }
        let path = try TempDir.make() + "/out.jsonl"
        let summary = try await BenchRunner(members: ["tiny-a", "tiny-b", "tiny-c"].map { BenchMember(name: $0, server: server) },
                                            options: BenchOptions(concurrencyPerServer: 4, requestTimeout: 5))
            .run(questions, log: try BenchLog(path: path))
        let records = try await BenchLog(path: path).records
        for q in questions {
            let n = TinySuite.number(q.id)
            for m in ["tiny-a", "tiny-b", "tiny-c"] {
                #expect(records[q.id]?.scores[m] == TinySuite.expected(m, n), "\(m) on \(q.id)")
            }
        }
        #expect(summary.members.map(\.correct) == [15, 15, 12])
    }
}
