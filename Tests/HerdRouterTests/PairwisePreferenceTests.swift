import HerdCore
import HerdRouter
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
