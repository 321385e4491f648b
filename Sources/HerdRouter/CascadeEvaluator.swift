import Foundation
import HerdCore

/// Simulates the cascade (`CascadePolicy`, as the TUI runs it) on labelled rows. Routing data has
/// no log-probabilities, so the weak-answer signal is the router's confidence: an answer is weak when
/// its member's confidence is below the threshold. Every member asked is charged.
public enum CascadeEvaluator {
    public static let signal = "router confidence (the data has no log-probabilities): an answer is weak when its member's confidence < threshold"

    /// The thresholds swept: 0, 0.01, …, 1.
    public static let thresholds = (0...100).map { Double($0) / 100 }

    /// The cascade on `table` with confidences `p[i][m]`, compared with plain routing on the same rows.
    /// Utilities for the cascade's ranking (first when no member clears, escalation) are at λ = 0:
    /// the most confident first, ties to the cheaper.
    public static func evaluate(table: EvaluationTable, probabilities p: [[Double]], maxSteps: Int = 3,
                                thresholds: [Double] = thresholds) -> CascadeEvaluation {
        let names = table.members.map(\.name), y = table.outcomes, rc = table.costs, n = y.count
        let mean = table.meanCosts
        let top = Router.costScale(largest: mean.max() ?? 1, bySize: table.costSource == .size)
        let norm = mean.map { top > 0 ? $0 / top : 0 }
        var points: [CascadeEvaluation.Point] = []
        for tau in thresholds {
            var acc = 0.0, cost = 0.0, steps = 0.0, escalated = 0.0
            for i in 0..<n {
                let scores = names.indices.map { m in
                    Decision.Score(member: names[m], confidence: p[i][m], utility: p[i][m], cost: norm[m])
                }
                let th = Dictionary(uniqueKeysWithValues: names.map { ($0, tau) })
                guard var step = CascadePolicy.first(scores, thresholds: th) else { continue }
                var asked: Set<String> = [names[step]]
                var c = rc[i][step], k = 1
                while p[i][step] < tau, k < maxSteps,
                      let next = CascadePolicy.next(scores, asked: asked, current: names[step]) {
                    step = next
                    asked.insert(names[step])
                    c += rc[i][step]
                    k += 1
                }
                acc += y[i][step]; cost += c; steps += Double(k)
                if k > 1 { escalated += 1 }
            }
            let d = Double(n)
            points.append(.init(threshold: tau, accuracy: acc / d, effectiveSize: cost / d, steps: steps / d, escalated: escalated / d))
        }
        let curve = points.map { RoutingMetrics.Point(cost: $0.effectiveSize, accuracy: $0.accuracy) }
        let hull = RoutingMetrics.hull(curve)
        let range = (mean.min() ?? 0, mean.max() ?? 0)

        let routing = RouterEvaluator.lambdaPath(table: table, probabilities: p).points
        let routingCurve = routing.map { RoutingMetrics.Point(cost: $0.effectiveSize, accuracy: $0.accuracy) }
        let bestAcc = routing.map(\.accuracy).max() ?? 0
        let bestSize = routing.filter { $0.accuracy >= bestAcc - 1e-12 }.map(\.effectiveSize).min() ?? 0
        let largest = mean.indices.max { (mean[$0], names[$1]) < (mean[$1], names[$0]) } ?? 0
        let largestAcc = y.reduce(0) { $0 + $1[largest] } / Double(n)
        let cascadeBest = points.max { ($0.accuracy, -$0.effectiveSize) < ($1.accuracy, -$1.effectiveSize) }!
        return CascadeEvaluation(
            rows: n, costUnit: table.costSource.unit, signal: signal, points: points, hull: hull,
            aiq: RoutingMetrics.aiq(curve, minCost: range.0, maxCost: range.1),
            routingAIQ: RoutingMetrics.aiq(routingCurve, minCost: range.0, maxCost: range.1),
            routingBestAccuracy: bestAcc, routingBestSize: bestSize,
            cascadeAccuracyAtRoutingBest: RoutingMetrics.accuracy(onHull: hull, at: bestSize),
            cascadeBestPointWithin: points.filter { $0.effectiveSize <= bestSize + 1e-9 }.max { $0.accuracy < $1.accuracy },
            cascadeBest: cascadeBest,
            largest: names[largest], largestAccuracy: largestAcc, largestSize: mean[largest],
            cascadeSizeAtLargestAccuracy: points.filter { $0.accuracy >= largestAcc - 1e-12 }.map(\.effectiveSize).min(),
            costRange: [range.0, range.1])
    }
}
