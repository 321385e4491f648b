import Foundation
import HerdCore
import HerdStore
import Testing

/// Ratings and compare picks become per-member cascade thresholds.
@Suite struct JudgedAnswersTests {
    @Test func thresholdSeparatesGoodFromBadAnswers() {
        // Good at 0.7 and 0.8, bad at 0.3 and 0.5: any τ in (0.5, 0.7] is perfect; the lowest candidate is 0.7.
        #expect(ThresholdFit.threshold([(0.7, true), (0.8, true), (0.3, false), (0.5, false)]) == 0.7)
        #expect(ThresholdFit.threshold([(0.7, true), (0.8, true), (0.3, true)]) == nil, "only good answers")
        #expect(ThresholdFit.threshold([(0.7, true), (0.2, false)]) == nil, "too few")
        // Bad answers even at high confidence: the threshold rises above them.
        let t = ThresholdFit.threshold([(0.9, false), (0.95, false), (0.6, false), (0.97, true)])
        #expect(t == 0.97)
    }

    @Test func ratingsAndPicksAreReadWithTheirConfidence() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-judged-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("h.sqlite").path)
        let cid = UUID()
        func decision(_ member: String, _ p: Double) -> Decision {
            Decision(scores: [.init(member: member, confidence: p, utility: p, cost: 0.1)], chosen: member, lambda: 0.3, mode: .auto,
                     reason: "", micros: 1, routerVersion: "t")
        }
        for (i, (p, r)) in [(0.8, 1), (0.3, -1), (0.7, 1), (0.4, -1)].enumerated() {
            let m = Message(role: .assistant, text: "a\(i)", member: "small", decision: decision("small", p), rating: r)
            try store.upsertMessage(m, conversation: cid, position: i)
        }
        try store.recordPreference(Preference(prompt: "q", winner: "big", losers: ["small"], confidences: ["big": 0.6, "small": 0.9]))
        let samples = try store.judgedAnswers()
        #expect(samples.filter { $0.member == "small" }.count == 5)
        #expect(samples.contains(ThresholdFit.Sample(member: "big", confidence: 0.6, good: true)))
        #expect(samples.contains(ThresholdFit.Sample(member: "small", confidence: 0.9, good: false)))
        // small: good at 0.8, 0.7; bad at 0.3, 0.4 and (lost a pick) 0.9 → the fewest mistakes at τ 0.7 (one: the 0.9 loss).
        #expect(ThresholdFit.perMember(samples) == ["small": 0.7])
    }
}
