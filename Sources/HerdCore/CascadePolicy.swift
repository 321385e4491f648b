/// The cascade's choices over a decision's scores: which member answers first, and whom a weak
/// answer escalates to. Shared by the TUI, `herd ask` and `herd router eval --policy cascade`.
public enum CascadePolicy {
    /// A member's confidence must reach this to answer first, unless the member has its own threshold.
    public static let defaultThreshold = 0.5

    /// Steps at most: the first answer and two escalations.
    public static let maxSteps = 3

    /// The cheapest available member whose confidence clears its threshold (ties: the better utility
    /// order of `Selection`); when none does, the router's best by utility. `nil`: no member available.
    public static func first(_ scores: [Decision.Score], thresholds: [String: Double] = [:]) -> Int? {
        let ranked = Selection.ranking(scores)
        let byCost = ranked.enumerated().sorted { a, b in
            let ca = scores[a.element].cost ?? .infinity, cb = scores[b.element].cost ?? .infinity
            return ca != cb ? ca < cb : a.offset < b.offset
        }.map(\.element)
        let clears = byCost.first { i in
            (scores[i].confidence ?? 0) >= (thresholds[scores[i].member] ?? defaultThreshold)
        }
        return clears ?? ranked.first
    }

    /// Where a step's answer goes next: `nil` when it was not weak (`weak` is `nil`; see `WeakAnswer`),
    /// when `steps` steps were taken already (`maxSteps`), or when no stronger member is left (`next`).
    public static func escalation(_ scores: [Decision.Score], asked: Set<String>, current: String, weak: String?, steps: Int) -> Int? {
        guard weak != nil, steps < maxSteps else { return nil }
        return next(scores, asked: asked, current: current)
    }

    /// The member a weak answer from `current` escalates to: among the available members not yet
    /// asked, the best by utility of those at least as confident as `current` (a less confident one
    /// is no rescue); `nil` when there is none.
    public static func next(_ scores: [Decision.Score], asked: Set<String>, current: String) -> Int? {
        let p = scores.first { $0.member == current }?.confidence ?? 0
        return Selection.ranking(scores).first { i in
            !asked.contains(scores[i].member) && (scores[i].confidence ?? 0) >= p
        }
    }
}
