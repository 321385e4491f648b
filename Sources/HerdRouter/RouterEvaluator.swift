import Foundation
import HerdCore

/// Evaluates routers on labelled rows over the exact λ path (see `RouterEvaluation`).
///
/// Choices follow `Selection` with each member's mean cost on the rows, normalised by the
/// largest, as `Router.decide` normalises costs; the curve charges each row's actual cost.
public enum RouterEvaluator {
    /// The λ ≥ 0 at which choices change are found exactly per question (`Selection.path`),
    /// so figures do not depend on any grid.
    public static let lambdaStatement = "exact λ path: every λ ≥ 0 at which a choice changes (utility = confidence − λ · cost / largest member cost; ties → cheaper, then name)"

    /// A trained router on `rows`.
    /// - Parameters:
    ///   - members: the herd (names as in the data).
    ///   - embeddings: one per row of `rows` when the router has a dense view.
    public static func evaluate(router: Router, rows: [RoutingExample], members: [RouterMember], reference: String? = nil,
                                embeddings: [[Float]]? = nil, costSource: EvaluationTable.CostSource? = nil,
                                correctThreshold: Double = 0.5, useFallbacks: Bool = true) throws -> RouterEvaluation {
        guard let model = router.model else { throw HerdError.other("a cold-start router cannot be evaluated") }
        let table = try EvaluationTable(rows: rows, members: members, reference: reference, costSource: costSource)
        let p = confidences(router: router, table: table, embeddings: embeddings)
        // Fallbacks were fitted for the router's own herd; another herd is routed without them.
        let sameHerd = Set(members.map(\.name)) == Set(model.members.map(\.name))
        return evaluate(table: table, probabilities: p, version: model.version, dense: embeddings != nil && model.denseIndex != nil,
                        correctThreshold: correctThreshold, fallbacks: sameHerd && useFallbacks ? model.fallbacks : [])
    }

    /// The router's confidence for each member on each of the table's rows.
    public static func confidences(router: Router, table: EvaluationTable, embeddings: [[Float]]? = nil) -> [[Double]] {
        guard let model = router.model else { return [] }
        let known = Dictionary(uniqueKeysWithValues: model.knownModels.enumerated().map { ($1, $0) })
        return zip(table.rows, table.positions).map { r, i in
            let all = router.probabilities(prompt: r.prompt, embedding: embeddings?[i])!
            return table.members.map { m in known[m.name].map { all[$0] } ?? model.prior.confidence(sizeB: m.sizeB) }
        }
    }

    /// The figures for given confidences `probabilities[i][m]` on the table's rows (pure).
    /// - Parameter fallbacks: λ ranges where one member is asked instead (`LambdaFallback`).
    public static func evaluate(table: EvaluationTable, probabilities p: [[Double]], version: String, dense: Bool = false,
                                correctThreshold: Double = 0.5, fallbacks: [LambdaFallback] = []) -> RouterEvaluation {
        let members = table.members, names = members.map(\.name), mCount = members.count
        let y = table.outcomes, rc = table.costs
        let n = y.count
        let mean = table.meanCosts
        let top = mean.max() ?? 1
        var (points, chosenAtZero) = lambdaPath(table: table, probabilities: p)
        var figures: [RouterEvaluation.MemberFigure] = (0..<mCount).map { m in
            .init(member: names[m], sizeB: mean[m], accuracy: y.reduce(0) { $0 + $1[m] } / Double(n),
                  routedShare: Double(chosenAtZero.filter { $0 == m }.count) / Double(n))
        }
        if !fallbacks.isEmpty {
            points = LambdaFallback.apply(fallbacks, to: points, members: figures)
            if let f = LambdaFallback.active(fallbacks, lambda: 0), let m = names.firstIndex(of: f.member) {
                chosenAtZero = [Int](repeating: m, count: n)
                for i in 0..<mCount { figures[i].routedShare = i == m ? 1 : 0 }
            }
        }
        // Best single: most accurate, then cheaper, then by name (the selection rule at λ = 0).
        let best = figures[Selection.best(confidences: figures.map(\.accuracy), costs: mean, names: names, lambda: 0)!]
        let budget = 0.4 * top
        let atBudget = points.filter { $0.effectiveSize <= budget + 1e-12 * max(top, 1) }.map(\.accuracy).max()
        let reach = points.filter { $0.accuracy >= best.accuracy - 1e-12 }.map(\.effectiveSize).min()
        let range = (mean.min() ?? 0, top)
        let curve = points.map { RoutingMetrics.Point(cost: $0.effectiveSize, accuracy: $0.accuracy) }
        let hull = RoutingMetrics.hull(curve)
        let memberPoints = figures.map { RoutingMetrics.Point(cost: $0.sizeB, accuracy: $0.accuracy) }

        var allP: [Double] = [], allY: [Double] = [], chosenP: [Double] = [], chosenY: [Double] = []
        for i in 0..<n {
            for m in 0..<mCount { allP.append(p[i][m]); allY.append(y[i][m]) }
            chosenP.append(p[i][chosenAtZero[i]]); chosenY.append(y[i][chosenAtZero[i]])
        }
        var oracleAcc = 0.0, oracleCost = 0.0
        for i in 0..<n {
            let topScore = y[i].max()!
            let cheapest = (0..<mCount).filter { y[i][$0] == topScore }.min { rc[i][$0] < rc[i][$1] }!
            oracleAcc += topScore
            oracleCost += rc[i][cheapest]
        }
        var refAcc: Double? = nil, rescue: Double? = nil
        if let ref = table.referenceScores {
            refAcc = ref.reduce(0, +) / Double(n)
            let wrong = (0..<n).filter { ref[$0] < correctThreshold }
            if !wrong.isEmpty {
                rescue = Double(wrong.filter { y[$0][chosenAtZero[$0]] >= correctThreshold }.count) / Double(wrong.count)
            }
        }
        var apgr: Double? = nil, cpt: Double? = nil
        if mCount == 2 {
            let s = mean[0] >= mean[1] ? 0 : 1, w = 1 - s
            let score = (0..<n).map { p[$0][s] - p[$0][w] }
            let strong = (0..<n).map { y[$0][s] }, weak = (0..<n).map { y[$0][w] }
            apgr = RoutingMetrics.apgr(score: score, strong: strong, weak: weak)
            cpt = RoutingMetrics.cpt(score: score, strong: strong, weak: weak, target: 0.5)
        }
        return RouterEvaluation(
            rows: n, excludedRows: table.excluded, routerVersion: version, dense: dense, costUnit: table.costSource.unit,
            members: figures, accuracy: points[0].accuracy, effectiveSize: points[0].effectiveSize, budget: budget,
            accuracyAtBudget: atBudget, sizeAtBestSingleAccuracy: reach,
            aiq: RoutingMetrics.aiq(curve, minCost: range.0, maxCost: range.1),
            membersAIQ: RoutingMetrics.aiq(memberPoints, minCost: range.0, maxCost: range.1), costRange: [range.0, range.1],
            reference: table.reference, referenceAccuracy: refAcc, correctThreshold: correctThreshold, rescueRate: rescue,
            brier: RoutingMetrics.brier(allP, allY), ece: RoutingMetrics.ece(allP, allY), eceChosen: RoutingMetrics.ece(chosenP, chosenY),
            bestSingle: best, oracle: .init(accuracy: oracleAcc / Double(n), effectiveSize: oracleCost / Double(n)),
            apgr: apgr, cpt50: cpt, sweep: frontier(points), hull: hull)
    }

    /// Every point of the exact λ path, in increasing λ (each holds until the next), and each
    /// row's choice at λ = 0.
    public static func lambdaPath(table: EvaluationTable, probabilities p: [[Double]]) -> (points: [RouterEvaluation.SweepPoint], atZero: [Int]) {
        let names = table.members.map(\.name), y = table.outcomes, rc = table.costs, n = y.count
        let mean = table.meanCosts
        let top = Router.costScale(largest: mean.max() ?? 1, bySize: table.costSource == .size)
        let decisionCost = mean.map { top > 0 ? $0 / top : 0 }
        // Start from every row's λ = 0 choice, then apply each row's switches in λ order.
        var events: [(lambda: Double, row: Int, from: Int, to: Int)] = []
        var chosenAtZero = [Int](repeating: 0, count: n)
        var acc = 0.0, cost = 0.0
        for i in 0..<n {
            let path = Selection.path(confidences: p[i], costs: decisionCost, names: names)
            chosenAtZero[i] = path[0].choice
            acc += y[i][path[0].choice]; cost += rc[i][path[0].choice]
            for k in 1..<max(path.count, 1) where k < path.count {
                events.append((path[k].lambda, i, path[k - 1].choice, path[k].choice))
            }
        }
        events.sort { $0.lambda < $1.lambda }
        var points: [RouterEvaluation.SweepPoint] = [.init(lambda: 0, accuracy: acc / Double(n), effectiveSize: cost / Double(n))]
        var e = 0
        while e < events.count {
            let l = events[e].lambda
            while e < events.count && events[e].lambda == l {
                let ev = events[e]
                acc += y[ev.row][ev.to] - y[ev.row][ev.from]
                cost += rc[ev.row][ev.to] - rc[ev.row][ev.from]
                e += 1
            }
            let pt = RouterEvaluation.SweepPoint(lambda: l, accuracy: acc / Double(n), effectiveSize: cost / Double(n))
            if l == 0 { points[0] = pt } else { points.append(pt) }
        }
        return (points, chosenAtZero)
    }

    /// The points no other point beats on both cost and accuracy, in increasing cost.
    static func frontier(_ points: [RouterEvaluation.SweepPoint]) -> [RouterEvaluation.SweepPoint] {
        var out: [RouterEvaluation.SweepPoint] = []
        for pt in points.sorted(by: { ($0.effectiveSize, -$0.accuracy) < ($1.effectiveSize, -$1.accuracy) }) {
            if let last = out.last, pt.accuracy <= last.accuracy { continue }
            out.append(pt)
        }
        return out
    }
}
