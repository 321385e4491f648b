/// Router evaluation metrics, as pure functions so they can be checked on hand-computed cases.
public enum RoutingMetrics {
    /// A point of a cost–accuracy curve.
    public struct Point: Sendable, Hashable, Codable {
        public var cost: Double
        public var accuracy: Double
        public init(cost: Double, accuracy: Double) {
            self.cost = cost
            self.accuracy = accuracy
        }
    }

    /// The non-decreasing upper convex hull of the points, from the cheapest point to the most accurate.
    public static func hull(_ points: [Point]) -> [Point] {
        let sorted = points.sorted { ($0.cost, -$0.accuracy) < ($1.cost, -$1.accuracy) }
        var h: [Point] = []
        for p in sorted {
            if let last = h.last, last.cost == p.cost { continue } // same cost: keep the more accurate (sorted first)
            while h.count >= 2 {
                let a = h[h.count - 2], b = h[h.count - 1]
                // Drop b when it lies on or below the segment a→p.
                let cross = (b.cost - a.cost) * (p.accuracy - a.accuracy) - (b.accuracy - a.accuracy) * (p.cost - a.cost)
                if cross >= 0 { h.removeLast() } else { break }
            }
            h.append(p)
        }
        // Keep it non-decreasing: nothing after the most accurate point.
        if let best = h.indices.max(by: { h[$0].accuracy < h[$1].accuracy }) { h = Array(h[...best]) }
        return h
    }

    /// AIQ (RouterBench, Hu et al. 2024): the area under the non-decreasing convex hull of the
    /// cost–accuracy points over the cost range [`minCost`, `maxCost`], divided by that range.
    /// Past the most accurate point the hull stays flat; before the cheapest point it is 0 (a curve
    /// that includes the cheapest member never has that gap). A zero range gives the hull's
    /// accuracy at that cost.
    public static func aiq(_ points: [Point], minCost: Double, maxCost: Double) -> Double {
        let h = hull(points)
        guard let first = h.first, let last = h.last else { return 0 }
        guard maxCost > minCost else { return minCost >= first.cost ? accuracy(onHull: h, at: minCost) : 0 }
        var area = 0.0
        for i in 1..<max(h.count, 1) where i < h.count {
            let a = h[i - 1], b = h[i]
            let lo = max(a.cost, minCost), hi = min(b.cost, maxCost)
            if hi > lo {
                let at = { (c: Double) in a.accuracy + (b.accuracy - a.accuracy) * (c - a.cost) / (b.cost - a.cost) }
                area += (hi - lo) * (at(lo) + at(hi)) / 2
            }
        }
        let flatFrom = max(last.cost, minCost)
        if maxCost > flatFrom { area += (maxCost - flatFrom) * last.accuracy }
        return area / (maxCost - minCost)
    }

    /// The hull's accuracy at `cost` (linear between its points, flat after the last, 0 before the first).
    public static func accuracy(onHull h: [Point], at cost: Double) -> Double {
        guard let first = h.first, cost >= first.cost else { return 0 }
        for i in 1..<max(h.count, 1) where i < h.count && cost <= h[i].cost {
            let a = h[i - 1], b = h[i]
            return a.accuracy + (b.accuracy - a.accuracy) * (cost - a.cost) / (b.cost - a.cost)
        }
        return h.last!.accuracy
    }

    /// Mean squared error of probabilities against outcomes (0…1).
    public static func brier(_ p: [Double], _ y: [Double]) -> Double {
        guard !p.isEmpty else { return 0 }
        var s = 0.0
        for (a, b) in zip(p, y) { s += (a - b) * (a - b) }
        return s / Double(p.count)
    }

    /// Expected calibration error over `bins` equal-width bins: Σ |bin|/N · |mean outcome − mean p|.
    public static func ece(_ p: [Double], _ y: [Double], bins: Int = 10) -> Double {
        guard !p.isEmpty else { return 0 }
        var sumP = [Double](repeating: 0, count: bins), sumY = sumP, n = sumP
        for (a, b) in zip(p, y) {
            let i = min(max(Int(a * Double(bins)), 0), bins - 1)
            sumP[i] += a; sumY[i] += b; n[i] += 1
        }
        var e = 0.0
        for i in 0..<bins where n[i] > 0 { e += abs(sumY[i] - sumP[i]) }
        return e / Double(p.count)
    }

    /// RouteLLM's performance-gap-recovered curve for a strong/weak pair: questions are sent to the
    /// strong model in order of decreasing `score`; entry i is PGR when the first i go to it.
    public static func pgrCurve(score: [Double], strong: [Double], weak: [Double]) -> [Double] {
        let n = score.count
        guard n > 0 else { return [] }
        let sAcc = strong.reduce(0, +) / Double(n), wAcc = weak.reduce(0, +) / Double(n)
        let gap = sAcc - wAcc
        let order = (0..<n).sorted { (score[$0], -$0) > (score[$1], -$1) }
        var total = weak.reduce(0, +)
        var curve = [Double](repeating: 0, count: n + 1)
        func pgr(_ t: Double) -> Double { gap == 0 ? 0 : (t / Double(n) - wAcc) / gap }
        curve[0] = pgr(total)
        for (i, q) in order.enumerated() {
            total += strong[q] - weak[q]
            curve[i + 1] = pgr(total)
        }
        return curve
    }

    /// APGR: area under PGR against the share of calls to the strong model (trapezoids over every share i/n).
    public static func apgr(score: [Double], strong: [Double], weak: [Double]) -> Double {
        let c = pgrCurve(score: score, strong: strong, weak: weak)
        guard c.count >= 2 else { return 0 }
        var area = 0.0
        for i in 1..<c.count { area += (c[i - 1] + c[i]) / 2 }
        return area / Double(c.count - 1)
    }

    /// CPT(x): the smallest share of calls to the strong model that recovers `target` of the gap; nil if never.
    public static func cpt(score: [Double], strong: [Double], weak: [Double], target: Double = 0.5) -> Double? {
        let c = pgrCurve(score: score, strong: strong, weak: weak)
        guard let i = c.firstIndex(where: { $0 >= target }) else { return nil }
        return Double(i) / Double(c.count - 1)
    }
}
