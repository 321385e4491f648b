import HerdCore
import HerdRouter
import Testing

/// Measured latency as the router's cost when only some members were measured.
@Suite struct CostEstimateTests {
    static let endpoint = ServerEndpoint(baseURL: "http://127.0.0.1:9")
    static let members = [
        Member(name: "small", endpoint: endpoint, sizeB: 1),
        Member(name: "mid", endpoint: endpoint, sizeB: 3),
        Member(name: "big", endpoint: endpoint, sizeB: 8),
    ]

    @Test func unmeasuredMembersCostTheirSizeAtTheRateTheMeasuredOnesShowWithThePriorAsOneMore() throws {
        #expect(CostEstimate.seconds(members: Self.members, measured: [:]) == nil, "nothing measured: sizes")
        // mid: 6 s for 3B = 2 s per billion; with the prior's 0.25, the median rate is 1.125.
        let one = try #require(CostEstimate.seconds(members: Self.members, measured: ["mid": 6]))
        #expect(one == [1.125, 6, 9])
        // Three measured members outvote the prior: rates 0.1, 2, 0.3 and 0.25 → median 0.275.
        let two = try #require(CostEstimate.seconds(members: Self.members + [Member(name: "x", endpoint: Self.endpoint, sizeB: 2)],
                                                    measured: ["small": 0.1, "mid": 6, "big": 2.4]))
        #expect(two[0...2] == [0.1, 6, 2.4])
        #expect(abs(two[3] - 2 * 0.275) < 1e-12)
    }

    @Test func aMemberOfUnknownSizeIsTakenAtTheMedianSizeAndWithNoSizesAtTheMedianTime() throws {
        let unsized = Member(name: "u", endpoint: Self.endpoint)
        let est = try #require(CostEstimate.seconds(members: Self.members + [unsized], measured: ["mid": 6]))
        #expect(est[3] == 3 * 1.125, "median known size 3B at 1.125 s per billion")
        let none = [Member(name: "p", endpoint: Self.endpoint), Member(name: "q", endpoint: Self.endpoint), unsized]
        #expect(CostEstimate.seconds(members: none, measured: ["p": 1, "q": 3]) == [1, 3, 2])
    }

    @Test func aMemberMeasuredSlowIsRankedLowerWhileTheOthersAreUnmeasured() {
        let router = Router(model: nil)
        let lambda = Lambda(0.1)
        let bySize = router.decide(prompt: "What is the capital of France?", members: Self.members, lambda: lambda)
        #expect(bySize.chosen == "mid", "by size, at λ 0.1, the 3B member is the best trade")
        let slow = router.decide(prompt: "What is the capital of France?", members: Self.members, lambda: lambda,
                                 costs: ["mid": 6])
        #expect(slow.chosen == "big", "mid measured at 6 s to the first token (2 s per billion) now costs more than its size says")
        let mid = slow.scores.first { $0.member == "mid" }?.cost ?? 0
        let bigCost = slow.scores.first { $0.member == "big" }?.cost ?? 0
        #expect(abs(mid - 6.0 / 9) < 1e-9 && bigCost == 1, "costs normalised by the largest estimate, 9 s for big")
        let quick = router.decide(prompt: "What is the capital of France?", members: Self.members, lambda: lambda,
                                  costs: ["mid": 0.3])
        #expect(quick.chosen == "mid", "measured quick, it stays the choice")
    }

    @Test func aMemberWithEveryReplicaDownIsNeverChosen() {
        let router = Router(model: nil)
        let d = router.decide(prompt: "Prove Fermat's last theorem", members: Self.members, lambda: Lambda(0),
                              unavailable: ["big"], costs: ["mid": 0.5])
        #expect(d.chosen == "mid", "λ 0 would take the largest; it is down")
        #expect(d.runnerUp == "small")
        #expect(d.scores.first { $0.member == "big" }?.available == false)
    }
}
