import Foundation
import HerdCore

/// Turns "A's answer was preferred to B's" into the router's online updates, Bradley–Terry style:
/// P(A ≻ B) = σ(logit p_A − logit p_B), and the surprise 1 − P(A ≻ B) moves A's confidence up and
/// B's down by that much. A pick the router already expected teaches little; a pick against its
/// ranking teaches a lot. Expressed as targets for `Router.feedback` (whose step is target − p).
public enum PairwisePreference {
    /// One update: the member and the target its confidence is moved towards.
    public struct Target: Sendable, Hashable {
        public var member: String
        public var target: Double
    }

    /// P(winner ≻ loser) under Bradley–Terry on the confidences' logits.
    public static func probability(winner pw: Double, loser pl: Double) -> Double {
        1 / (1 + exp(-(logit(pw) - logit(pl))))
    }

    /// The updates for `winner` ≻ each of `losers`, with the confidences `p` (0.5 where unknown):
    /// one per pair for the winner, one per loser.
    public static func targets(winner: String, losers: [String], confidences p: [String: Double]) -> [Target] {
        let pw = p[winner] ?? 0.5
        var out: [Target] = []
        for l in losers where l != winner {
            let pl = p[l] ?? 0.5
            let surprise = 1 - probability(winner: pw, loser: pl)
            out.append(Target(member: winner, target: min(1, pw + surprise)))
            out.append(Target(member: l, target: max(0, pl - surprise)))
        }
        return out
    }

    static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-4), 1 - 1e-4)
        return log(q / (1 - q))
    }
}
