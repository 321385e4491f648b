import HerdCore
import Testing

@Suite struct SelectionTests {
    static func score(_ name: String, _ p: Double?, cost: Double?, lambda: Lambda, available: Bool = true) -> Decision.Score {
        Decision.Score(member: name, confidence: p, utility: p.flatMap { p in cost.map { Selection.utility(confidence: p, cost: $0, lambda: lambda) } },
                       available: available, cost: cost)
    }

    @Test func highestUtilityThenCheaperThenName() {
        // Equal utilities at λ 0: the cheaper wins though listed second.
        let scores = [Self.score("dear", 0.7, cost: 1.1, lambda: 0), Self.score("cheap", 0.7, cost: 1.0, lambda: 0),
                      Self.score("twin", 0.7, cost: 1.0, lambda: 0), Self.score("down", 0.9, cost: 0.1, lambda: 0, available: false),
                      Self.score("unknown", nil, cost: 0.1, lambda: 0)]
        #expect(Selection.ranking(scores) == [1, 2, 0])
        let names = ["dear", "cheap", "twin", "down", "unknown"]
        #expect(Selection.best(confidences: [0.7, 0.7, 0.7, 0.9, 0], costs: [1.1, 1.0, 1.0, 0.1, 0.1], names: names, lambda: 0,
                               eligible: { $0 < 3 }) == 1)
        // Listed the other way round, the tie still goes to the same member: the rule reads names, not positions.
        #expect(Selection.best(confidences: [0.7, 0.7], costs: [1.0, 1.0], names: ["twin", "cheap"], lambda: 0) == 1)
        #expect(Selection.best(confidences: [1, 1], costs: [1, 1], names: ["a", "b"], lambda: 0, eligible: { _ in false }) == nil)
    }

    @Test func rerankedAgreesWithSelectionAndKeepsAPin() {
        let scores = [Self.score("big", 0.8, cost: 1.0, lambda: 0), Self.score("small", 0.5, cost: 0.1, lambda: 0)]
        let d = Decision(scores: scores, chosen: "big", routerChoice: "big", runnerUp: "small", lambda: 0, mode: .auto,
                         reason: "", micros: 0, routerVersion: "test")
        let cheap = d.reranked(lambda: 1)
        #expect(cheap.chosen == "small" && cheap.runnerUp == "big" && cheap.lambda == 1)
        #expect(cheap.score(of: "big")?.utility == 0.8 - 1.0)
        var pinned = d
        pinned.mode = .pinned
        let p = pinned.reranked(lambda: 1)
        #expect(p.chosen == "big" && p.routerChoice == "small" && p.runnerUp == "small")
    }
}
