/// Tryage's selection rule, the one the router, the panel's re-ranking and evaluation share:
/// the best member maximises `confidence − λ·cost`; equal utilities go to the cheaper member,
/// then to the one listed first.
public enum Selection {
    /// `confidence − λ·cost`.
    @inline(__always)
    public static func utility(confidence: Double, cost: Double, lambda: Lambda) -> Double {
        confidence - lambda.value * cost
    }

    /// Whether a candidate with utility `u` and cost `c` (listed at `i`) ranks before one with `u2`, `c2` (at `i2`).
    @inline(__always)
    public static func precedes(utility u: Double, cost c: Double, index i: Int,
                                utility u2: Double, cost c2: Double, index i2: Int) -> Bool {
        if u != u2 { return u > u2 }
        if c != c2 { return c < c2 }
        return i < i2
    }

    /// The index of the best of `count` candidates, skipping those `eligible` refuses; `nil` when none is left.
    /// Allocation-free, for evaluation sweeps over thousands of prompts and λ values.
    @inline(__always)
    public static func best(count: Int, lambda: Lambda, confidence: (Int) -> Double, cost: (Int) -> Double,
                            eligible: (Int) -> Bool = { _ in true }) -> Int? {
        var best = -1
        var bestU = 0.0, bestC = 0.0
        for m in 0..<count where eligible(m) {
            let c = cost(m)
            let u = utility(confidence: confidence(m), cost: c, lambda: lambda)
            if best < 0 || precedes(utility: u, cost: c, index: m, utility: bestU, cost: bestC, index: best) {
                best = m
                bestU = u
                bestC = c
            }
        }
        return best < 0 ? nil : best
    }

    /// The available scores with a known utility, best first (indices into `scores`).
    /// A score without a cost ranks after every score with one of the same utility.
    public static func ranking(_ scores: [Decision.Score]) -> [Int] {
        let known = scores.indices.compactMap { i -> (index: Int, utility: Double, cost: Double)? in
            guard scores[i].available, let u = scores[i].utility else { return nil }
            return (i, u, scores[i].cost ?? .infinity)
        }
        return known.sorted { a, b in
            precedes(utility: a.utility, cost: a.cost, index: a.index, utility: b.utility, cost: b.cost, index: b.index)
        }.map(\.index)
    }
}
