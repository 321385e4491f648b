import Testing
@testable import HerdRouter

@Suite struct RoutingMetricsTests {
    @Test func aiqOfTheReferenceHerdMembers() {
        // The README's ten members (size, test accuracy); the hull runs 3.8 → 8 → 70, flat to 72:
        // (4.2·0.4425 + 62·0.541 + 2·0.626) = 36.6525 over the range 72 − 3.8.
        let members: [(Double, Double)] = [(70, 0.626), (72, 0.481), (46.7, 0.419), (34, 0.429), (8, 0.456),
                                           (7.2, 0.435), (3.8, 0.429), (8.5, 0.317), (7.7, 0.256), (7.2, 0.304)]
        let points = members.map { RoutingMetrics.Point(cost: $0.0, accuracy: $0.1) }
        #expect(abs(RoutingMetrics.aiq(points, minCost: 3.8, maxCost: 72) - 36.6525 / 68.2) < 1e-9)
        #expect(RoutingMetrics.hull(points).map(\.cost) == [3.8, 8, 70])
    }

    @Test func aiqDropsCollinearAndDominatedPoints() {
        let collinear = [RoutingMetrics.Point(cost: 1, accuracy: 0.5), .init(cost: 2, accuracy: 0.6), .init(cost: 4, accuracy: 0.8)]
        #expect(abs(RoutingMetrics.aiq(collinear, minCost: 1, maxCost: 4) - 1.95 / 3) < 1e-12)
        // After the most accurate point the curve stays flat: 2·0.7 + 1·0.9 over 3.
        let peaked = [RoutingMetrics.Point(cost: 1, accuracy: 0.5), .init(cost: 3, accuracy: 0.9), .init(cost: 4, accuracy: 0.7)]
        #expect(abs(RoutingMetrics.aiq(peaked, minCost: 1, maxCost: 4) - 2.3 / 3) < 1e-12)
        // A range wider than the points: 0 before the first, flat after the last: (1·0.5+… ) = 2.3 + 1·0.9 over 5.
        #expect(abs(RoutingMetrics.aiq(peaked, minCost: 0, maxCost: 5) - 3.2 / 5) < 1e-12)
    }

    @Test func aiqOfNearlyEqualMembersIsTheirAccuracyLevel() {
        // Seven members of 7–8.5B: dividing by the largest cost alone gave ~0.05 to every router;
        // over the range it is the mean height of the hull. Hull (7, 0.5) → (8.5, 0.62): mean 0.56.
        let sizes = [7.0, 7.2, 7.3, 7.6, 8.0, 8.1, 8.5], acc = [0.5, 0.45, 0.52, 0.51, 0.55, 0.5, 0.62]
        let points = zip(sizes, acc).map { RoutingMetrics.Point(cost: $0, accuracy: $1) }
        #expect(RoutingMetrics.hull(points).map(\.cost) == [7, 8.5])
        #expect(abs(RoutingMetrics.aiq(points, minCost: 7, maxCost: 8.5) - 0.56) < 1e-12)
    }

    @Test func eceAndBrierByHand() {
        let p = [0.1, 0.15, 0.8, 0.85], y = [0.0, 1, 1, 1]
        // Bin 1 holds 0.1, 0.15 (|1 − 0.25|), bin 8 holds 0.8, 0.85 (|2 − 1.65|): (0.75 + 0.35) / 4.
        #expect(abs(RoutingMetrics.ece(p, y) - 0.275) < 1e-12)
        #expect(abs(RoutingMetrics.brier(p, y) - (0.01 + 0.7225 + 0.04 + 0.0225) / 4) < 1e-12)
        #expect(RoutingMetrics.ece([0.3, 0.3, 0.3], [0, 1, 0]) < 0.04)
    }

    @Test func apgrAndCptByHand() {
        // Strong right on q0, q1, q3; weak only on q1. Routing order by score: q0, q2, q3, q1.
        // PGR after 0…4 calls: 0, 0.5, 0.5, 1, 1 → trapezoids 0.25 + 0.5 + 0.75 + 1 = 2.5 over 4.
        let score = [0.9, 0.1, 0.5, 0.3], strong = [1.0, 1, 0, 1], weak = [0.0, 1, 0, 0]
        #expect(RoutingMetrics.pgrCurve(score: score, strong: strong, weak: weak) == [0, 0.5, 0.5, 1, 1])
        #expect(abs(RoutingMetrics.apgr(score: score, strong: strong, weak: weak) - 0.625) < 1e-12)
        #expect(RoutingMetrics.cpt(score: score, strong: strong, weak: weak, target: 0.5) == 0.25)
        #expect(RoutingMetrics.cpt(score: score, strong: strong, weak: weak, target: 1.0) == 0.75)
        // A random router (reverse order here) recovers less.
        let reversed = score.map { -$0 }
        #expect(RoutingMetrics.apgr(score: reversed, strong: strong, weak: weak) < 0.5)
    }
}
