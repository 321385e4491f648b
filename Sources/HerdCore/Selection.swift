/// Tryage's selection rule, the one the router, the panel's re-ranking and evaluation share:
/// the best member maximises `confidence − λ·cost`; equal utilities go to the cheaper member, then
/// to the name that sorts first (so a tie never depends on the order members are listed in).
public enum Selection {
    /// `confidence − λ·cost`.
    @inline(__always)
    public static func utility(confidence: Double, cost: Double, lambda: Lambda) -> Double {
        confidence - lambda.value * cost
    }

    /// Whether a candidate (`u`, `c`, `name`) ranks before another (`u2`, `c2`, `name2`).
    @inline(__always)
    public static func precedes(utility u: Double, cost c: Double, name: String,
                                utility u2: Double, cost c2: Double, name name2: String) -> Bool {
        if u != u2 { return u > u2 }
        if c != c2 { return c < c2 }
        return name < name2
    }

    /// Candidate order, best first, over the indices `eligible` allows. `lambda` is a raw value here
    /// because evaluation walks the exact λ path, whose break points need not be tidy.
    public static func ranked(confidences p: [Double], costs c: [Double], names: [String], lambda: Double,
                              eligible: (Int) -> Bool = { _ in true }) -> [Int] {
        p.indices.filter(eligible).sorted {
            precedes(utility: p[$0] - lambda * c[$0], cost: c[$0], name: names[$0],
                     utility: p[$1] - lambda * c[$1], cost: c[$1], name: names[$1])
        }
    }

    /// The best candidate, or `nil` when none is eligible. Allocation-free, for evaluation sweeps.
    public static func best(confidences p: [Double], costs c: [Double], names: [String], lambda: Double,
                            eligible: (Int) -> Bool = { _ in true }) -> Int? {
        var top: Int? = nil
        for i in p.indices where eligible(i) {
            guard let t = top else { top = i; continue }
            if precedes(utility: p[i] - lambda * c[i], cost: c[i], name: names[i],
                        utility: p[t] - lambda * c[t], cost: c[t], name: names[t]) { top = i }
        }
        return top
    }

    /// The exact choices over every λ ≥ 0 for one question: (λ from which it holds, choice), in
    /// increasing λ. Each switch goes to a cheaper member (utility lines of cheaper members fall
    /// more slowly), so there are at most as many segments as distinct costs; at a switch point
    /// the tie rule already picks the cheaper member, so the switch λ belongs to it.
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

    /// The available scores with a known utility, best first (indices into `scores`).
    /// A score without a cost ranks after every score with one of the same utility.
    public static func ranking(_ scores: [Decision.Score]) -> [Int] {
        let known = scores.indices.compactMap { i -> (index: Int, utility: Double, cost: Double)? in
            guard scores[i].available, let u = scores[i].utility else { return nil }
            return (i, u, scores[i].cost ?? .infinity)
        }
        return known.sorted { a, b in
            precedes(utility: a.utility, cost: a.cost, name: scores[a.index].member,
                     utility: b.utility, cost: b.cost, name: scores[b.index].member)
        }.map(\.index)
    }
}
