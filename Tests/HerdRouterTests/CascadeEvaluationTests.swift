import HerdCore
import HerdRouter
import Testing

/// The cascade simulated on a hand-computed table: cheapest confident member first, every step charged.
@Suite struct CascadeEvaluationTests {
    @Test func thresholdsTradeCostForAccuracyAsComputedByHand() throws {
        let members = [RouterMember(name: "small", sizeB: 2), RouterMember(name: "big", sizeB: 10)]
        // Row 0: small right; row 1: only big right; row 2: both wrong.
        let rows = [
            RoutingExample(prompt: "a", scores: ["small": 1, "big": 1]),
            RoutingExample(prompt: "b", scores: ["small": 0, "big": 1]),
            RoutingExample(prompt: "c", scores: ["small": 0, "big": 0]),
        ]
        let table = try EvaluationTable(rows: rows, members: members)
        let p: [[Double]] = [[0.9, 0.95], [0.3, 0.8], [0.4, 0.2]]
        let ev = CascadeEvaluator.evaluate(table: table, probabilities: p, thresholds: [0, 0.5, 0.85, 1])
        let at = Dictionary(uniqueKeysWithValues: ev.points.map { ($0.threshold, $0) })
        func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }
        // τ 0: small always (it clears), cost 2, accuracy 1/3.
        #expect(near(at[0]!.accuracy, 1.0 / 3))
        #expect(near(at[0]!.effectiveSize, 2))
        // τ 0.5: row 0 small, row 1 big (small 0.3 fails), row 2: none clears → the most confident (small 0.4),
        // weak, no member at least as confident left → stays. Accuracy 2/3, cost (2 + 10 + 2)/3.
        #expect(near(at[0.5]!.accuracy, 2.0 / 3))
        #expect(near(at[0.5]!.effectiveSize, 14.0 / 3))
        // τ 0.85: row 0 small; row 1 none clears → big (0.8) alone; row 2 small. Escalation: none.
        #expect(near(at[0.85]!.accuracy, 2.0 / 3))
        #expect(at[0.85]!.escalated == 0)
        // τ 1: nobody clears; the most confident answers, weak; row 0 big (0.95) — no one left more confident.
        #expect(near(at[1]!.effectiveSize, 22.0 / 3))
        #expect(ev.largest == "big")
        #expect(near(ev.largestAccuracy, 2.0 / 3))
        let matched = try #require(ev.cascadeSizeAtLargestAccuracy)
        #expect(near(matched, 14.0 / 3))
    }

    @Test func aWeakFirstAnswerEscalatesWhenAnEquallyConfidentMemberIsLeft() throws {
        let members = [RouterMember(name: "a", sizeB: 1), RouterMember(name: "b", sizeB: 4)]
        let table = try EvaluationTable(rows: [RoutingExample(prompt: "x", scores: ["a": 0, "b": 1])], members: members)
        // Equal confidences below τ: the cheaper answers first, is weak, and b is asked too (both charged).
        let ev = CascadeEvaluator.evaluate(table: table, probabilities: [[0.4, 0.4]], thresholds: [0.5])
        let pt = ev.points[0]
        #expect(pt.accuracy == 1)
        #expect(pt.effectiveSize == 5)
        #expect(pt.steps == 2)
        #expect(pt.escalated == 1)
    }
}
