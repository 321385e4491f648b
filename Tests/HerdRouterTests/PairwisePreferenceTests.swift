import HerdCore
@testable import HerdRouter
import Testing

/// Bradley–Terry targets for "winner ≻ loser": big steps against the router's ranking, small with it.
@Suite struct PairwisePreferenceTests {
    @Test func surpriseSetsTheStep() throws {
        #expect(abs(PairwisePreference.probability(winner: 0.5, loser: 0.5) - 0.5) < 1e-9)
        let against = PairwisePreference.targets(winner: "small", losers: ["big"], confidences: ["small": 0.3, "big": 0.8])
        let with = PairwisePreference.targets(winner: "big", losers: ["small"], confidences: ["small": 0.3, "big": 0.8])
        let upAgainst = try #require(against.first { $0.member == "small" }).target - 0.3
        let upWith = try #require(with.first { $0.member == "big" }).target - 0.8
        #expect(upAgainst > 0.69 && upWith > 0 && upWith < 0.15, "\(upAgainst) \(upWith)")
        #expect(try #require(against.first { $0.member == "big" }).target < 0.8)
        // One pair per loser; targets stay probabilities.
        let three = PairwisePreference.targets(winner: "a", losers: ["b", "c", "a"], confidences: ["a": 0.99, "b": 0.01])
        #expect(three.count == 4 && three.allSatisfy { (0...1).contains($0.target) })
    }
}

/// A pick teaches a trained router: on the picked prompt and a similar one, the winner's
/// confidence rises and the loser's falls; an unrelated prompt barely moves.
@Suite struct PreferenceLearningTests {
    @Test func aPickAgainstTheRouterMovesItOnSimilarPrompts() throws {
        let model = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members, config: SyntheticData.smallConfig)
        let router = Router(model: model)
        let herd = RouterTrainingTests.herd([("coder", 8), ("poet", 8)])
        let picked = "write a python sonnet please", similar = "please write a python sonnet today"
        func p(_ prompt: String, _ m: String) -> Double { router.decide(prompt: prompt, members: herd, lambda: 0).score(of: m)!.confidence! }
        let (poetBefore, coderBefore, similarBefore) = (p(picked, "poet"), p(picked, "coder"), p(similar, "poet"))
        let unrelatedBefore = p("list my friend ideas now", "poet")
        // The person picks poet's answer over coder's, which the router ranks higher on "python".
        for t in PairwisePreference.targets(winner: "poet", losers: ["coder"], confidences: ["poet": poetBefore, "coder": coderBefore]) {
            router.feedback(prompt: picked, member: t.member, outcome: t.target)
        }
        #expect(p(picked, "poet") > poetBefore + 0.05, "\(poetBefore) → \(p(picked, "poet"))")
        #expect(p(picked, "coder") < coderBefore)
        #expect(p(similar, "poet") > similarBefore)
        #expect(abs(p("list my friend ideas now", "poet") - unrelatedBefore) < abs(p(similar, "poet") - similarBefore))
    }
}
