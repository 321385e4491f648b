import Foundation
import HerdBackends
import HerdCore
import HerdRouter
import HerdSession
import HerdTestSupport
import Testing

/// The router's cost from measured latency, end to end: a member measured slow through real
/// traffic ranks lower at λ > 0 while the others are still unmeasured.
@Suite struct MeasuredCostTests {
    static let models = [
        FixtureModel(id: "small", sizeB: 1, loaded: true),
        FixtureModel(id: "mid", sizeB: 3, loaded: true),
        FixtureModel(id: "big", sizeB: 8, loaded: true),
    ]

    @Test func aMemberMeasuredSlowIsPassedOverAtLambdaAboveZeroBeforeTheOthersAreMeasured() async throws {
        try await FixtureServer.with(.ollama, models: Self.models) { f in
            f.setReply(.tokens(["slow"], delay: 1.5), for: "mid")
            let discovery = try await HerdRuntime.discover(cliServers: [f.baseURL], configServers: [], streamTimeout: 10)
            let runtime = HerdRuntime(discovery: discovery)
            let path = ReplyPath(runtime: runtime, members: runtime.members, router: Router(model: nil))
            #expect(Set(path.members.map(\.name)) == ["small", "mid", "big"])
            #expect(path.members.allSatisfy { $0.sizeB != nil }, "sizes from the server")
            let lambda = Lambda(0.1)
            let before = try path.decide(prompt: "What is the capital of France?", lambda: lambda)
            #expect(before.chosen == "mid", "by size, the 3B member is the best trade at λ 0.1")
            try await path.stream(ChatRequest(model: "mid", messages: [ChatMessage(role: .user, content: "hi")]), from: "mid") { _ in }
            let costs = try #require(path.measuredCosts)
            #expect(Set(costs.keys) == ["mid"] && (costs["mid"] ?? 0) >= 1.5, "\(costs)")
            let after = try path.decide(prompt: "What is the capital of France?", lambda: lambda)
            // mid: 1.5 s for 3B, 0.5 s per billion against the prior's 0.25, so small (1B) and big (8B)
            // are estimated at 0.375 s per billion, and mid costs 0.5 of big's 3 s instead of 3/8.
            let cost = { (d: Decision, m: String) in d.scores.first { $0.member == m }?.cost ?? -1 }
            #expect(cost(before, "mid") == 0.375 && cost(after, "mid") >= 0.5, "\(after.scores)")
            #expect(after.chosen == "small", "dearer than its size says, while small and big are unmeasured: \(after.scores)")
            #expect(try path.decide(prompt: "What is the capital of France?", lambda: Lambda(0)).chosen == "big", "λ 0 ignores cost")
        }
    }
}
