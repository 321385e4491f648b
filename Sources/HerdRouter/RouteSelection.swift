/// The one rule that turns confidences and costs into a choice, used by `Router.decide` and by
/// the evaluator alike so that figures describe what the product does.
///
/// Utility is confidence − λ·cost; ties go to the lower cost, then to the name that sorts first
/// (so a tie never depends on the order members are listed in).
public enum RouteSelection {
    /// Candidate order, best first, over the indices `eligible` allows.
    public static func ranked(confidences: [Double], costs: [Double], names: [String], lambda: Double,
                              eligible: (Int) -> Bool = { _ in true }) -> [Int] {
        confidences.indices.filter(eligible).sorted { better($0, $1, confidences, costs, names, lambda) }
    }

    /// The best candidate, or nil when none is eligible.
    public static func best(confidences: [Double], costs: [Double], names: [String], lambda: Double,
                            eligible: (Int) -> Bool = { _ in true }) -> Int? {
        var top: Int? = nil
        for i in confidences.indices where eligible(i) {
            if let t = top { if better(i, t, confidences, costs, names, lambda) { top = i } } else { top = i }
        }
        return top
    }

    @inline(__always) static func better(_ a: Int, _ b: Int, _ p: [Double], _ c: [Double], _ names: [String], _ lambda: Double) -> Bool {
        let ua = p[a] - lambda * c[a], ub = p[b] - lambda * c[b]
        if ua != ub { return ua > ub }
        if c[a] != c[b] { return c[a] < c[b] }
        return names[a] < names[b]
    }

    /// The exact choices over every λ ≥ 0 for one question: (λ from which it holds, choice), in
    /// increasing λ. Each switch goes to a cheaper member (utility lines of cheaper members fall
    /// more slowly), so there are at most as many segments as distinct costs; at a switch point
    /// the tie rule above already picks the cheaper member, so the switch λ belongs to it.
    public static func path(confidences p: [Double], costs c: [Double], names: [String]) -> [(lambda: Double, choice: Int)] {
        guard var current = best(confidences: p, costs: c, names: names, lambda: 0) else { return [] }
        var out: [(lambda: Double, choice: Int)] = [(0, current)]
        var lambda = 0.0
        while true {
            var next = Double.infinity
            for j in p.indices where c[j] < c[current] {
                let l = (p[current] - p[j]) / (c[current] - c[j])
                next = min(next, max(l, lambda))
            }
            guard next.isFinite else { break }
            // Rounding can leave the tie a hair short at `next`; just past it the cheaper member has won.
            var choice = best(confidences: p, costs: c, names: names, lambda: next)
            if choice == current { choice = best(confidences: p, costs: c, names: names, lambda: next + max(next * 1e-12, 1e-15)) }
            guard let choice, choice != current else { break }
            out.append((next, choice))
            current = choice
            lambda = next
        }
        return out
    }
}
