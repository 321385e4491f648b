/// Per-member cascade thresholds learned from what the person said about answers: a rated answer
/// (up = good, down = bad) or a compare pick (the picked = good, the others = bad), each with the
/// router's confidence for that member when it answered. The threshold is the confidence at which
/// "answer first when confidence ≥ τ" makes the fewest mistakes on those answers.
public enum ThresholdFit {
    /// One judged answer.
    public struct Sample: Sendable, Hashable {
        public var member: String
        public var confidence: Double
        public var good: Bool
        public init(member: String, confidence: Double, good: Bool) {
            self.member = member
            self.confidence = confidence
            self.good = good
        }
    }

    /// Fewer judged answers than this (or only good, or only bad ones) leave the default threshold.
    public static let minSamples = 4

    /// τ minimising (good answers below τ) + (bad answers at or above τ); ties to the lower τ.
    /// `nil` without enough samples of both kinds.
    public static func threshold(_ samples: [(confidence: Double, good: Bool)]) -> Double? {
        guard samples.count >= minSamples, samples.contains(where: \.good), samples.contains(where: { !$0.good }) else { return nil }
        let cs = Set(samples.map(\.confidence)).sorted()
        // Candidates: each confidence, and just above the largest (nobody answers first).
        var best: (tau: Double, errors: Int)?
        for tau in cs + [(cs.last ?? 1) + 1e-9] {
            let errors = samples.reduce(0) { $0 + (($1.good && $1.confidence < tau) || (!$1.good && $1.confidence >= tau) ? 1 : 0) }
            if best == nil || errors < best!.errors { best = (tau, errors) }
        }
        return best.map { min(1, $0.tau) }
    }

    /// A threshold for every member with enough judged answers.
    public static func perMember(_ samples: [Sample]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (member, group) in Dictionary(grouping: samples, by: \.member) {
            if let t = threshold(group.map { ($0.confidence, $0.good) }) { out[member] = t }
        }
        return out
    }
}
