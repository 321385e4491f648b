import Foundation
import HerdCore

/// Evaluates a router on labelled rows over a λ sweep (see `RouterEvaluation`).
public enum RouterEvaluator {
    /// The λ values swept: 0, then log-spaced up to the point where the cheapest member always wins.
    public static let lambdas: [Lambda] = [.zero] + (0..<641).map { Lambda(checked: pow(10, -3 + 4 * Double($0) / 640)) }

    /// - Parameters:
    ///   - members: the herd (names as in the data); defaults to the router's training members.
    ///   - embeddings: one per row when the router has a dense view.
    public static func evaluate(router: Router, rows: [RoutingExample], members: [RouterMember],
                                reference: String? = nil, embeddings: [[Float]]? = nil) throws -> RouterEvaluation {
        guard !members.isEmpty else { throw HerdError.other("no members to evaluate") }
        guard let model = router.model else { throw HerdError.other("a cold-start router cannot be evaluated") }
        let known = Dictionary(uniqueKeysWithValues: model.knownModels.enumerated().map { ($1, $0) })
        let mCount = members.count
        let maxSize = members.map(\.sizeB).max()!
        let cost = members.map { $0.sizeB / maxSize }
        // Rows where no member has an outcome say nothing about routing.
        let usableIndex = rows.indices.filter { i in members.contains { rows[i].scores[$0.name] != nil } }
        let usable = usableIndex.map { rows[$0] }
        guard !usable.isEmpty else { throw HerdError.other("no evaluation row has a score for any member") }
        let n = usable.count
        var p = [[Double]](repeating: [], count: n)
        var y = [[Double?]](repeating: [], count: n)
        for (i, r) in usable.enumerated() {
            let all = router.probabilities(prompt: r.prompt, embedding: embeddings?[usableIndex[i]])!
            p[i] = members.map { m in known[m.name].map { all[$0] } ?? model.prior.confidence(sizeB: m.sizeB) }
            y[i] = members.map { r.scores[$0.name] }
        }

        // Usable rows have an outcome for at least one member, so there is always a choice.
        func choose(_ i: Int, _ lambda: Lambda) -> Int {
            Selection.best(count: mCount, lambda: lambda, confidence: { p[i][$0] }, cost: { cost[$0] },
                           eligible: { y[i][$0] != nil }) ?? 0
        }
        var sweep: [RouterEvaluation.SweepPoint] = []
        var chosenAtZero = [Int](repeating: 0, count: n)
        for lambda in lambdas {
            var acc = 0.0, size = 0.0
            for i in 0..<n {
                let c = choose(i, lambda)
                if lambda == .zero { chosenAtZero[i] = c }
                acc += y[i][c]!
                size += members[c].sizeB
            }
            sweep.append(.init(lambda: lambda.value, accuracy: acc / Double(n), effectiveSize: size / Double(n)))
        }
        let figures: [RouterEvaluation.MemberFigure] = (0..<mCount).map { m in
            let have = (0..<n).compactMap { y[$0][m] }
            return .init(member: members[m].name, sizeB: members[m].sizeB,
                         accuracy: have.isEmpty ? 0 : have.reduce(0, +) / Double(have.count),
                         routedShare: Double(chosenAtZero.filter { $0 == m }.count) / Double(n))
        }
        let best = figures.max { $0.accuracy < $1.accuracy }!
        let budget = 0.4 * maxSize
        let atBudget = sweep.filter { $0.effectiveSize <= budget + 1e-9 }.map(\.accuracy).max()
        let reach = sweep.filter { $0.accuracy >= best.accuracy - 1e-12 }.map(\.effectiveSize).min()
        let points = sweep.map { RoutingMetrics.Point(cost: $0.effectiveSize, accuracy: $0.accuracy) }
        let memberPoints = figures.map { RoutingMetrics.Point(cost: $0.sizeB, accuracy: $0.accuracy) }

        var allP: [Double] = [], allY: [Double] = [], chosenP: [Double] = [], chosenY: [Double] = []
        for i in 0..<n {
            for m in 0..<mCount { if let v = y[i][m] { allP.append(p[i][m]); allY.append(v) } }
            chosenP.append(p[i][chosenAtZero[i]]); chosenY.append(y[i][chosenAtZero[i]]!)
        }
        var oracleAcc = 0.0, oracleSize = 0.0
        for i in 0..<n {
            let top = y[i].compactMap { $0 }.max()!
            let cheapest = (0..<mCount).filter { y[i][$0] == top }.min { members[$0].sizeB < members[$1].sizeB }!
            oracleAcc += top
            oracleSize += members[cheapest].sizeB
        }
        var refAcc: Double? = nil, rescue: Double? = nil
        if let ref = reference {
            let refRows = (0..<n).filter { usable[$0].scores[ref] != nil }
            if refRows.isEmpty { throw HerdError.other("the reference \"\(ref)\" has no scores on these rows") }
            refAcc = refRows.map { usable[$0].scores[ref]! }.reduce(0, +) / Double(refRows.count)
            let wrong = refRows.filter { usable[$0].scores[ref]! < 0.5 }
            if !wrong.isEmpty { rescue = wrong.map { y[$0][chosenAtZero[$0]]! }.reduce(0, +) / Double(wrong.count) }
        }
        var apgr: Double? = nil, cpt: Double? = nil
        if mCount == 2 {
            let s = members[0].sizeB >= members[1].sizeB ? 0 : 1, w = 1 - s
            let both = (0..<n).filter { y[$0][s] != nil && y[$0][w] != nil }
            let score = both.map { p[$0][s] - p[$0][w] }
            let strong = both.map { y[$0][s]! }, weak = both.map { y[$0][w]! }
            apgr = RoutingMetrics.apgr(score: score, strong: strong, weak: weak)
            cpt = RoutingMetrics.cpt(score: score, strong: strong, weak: weak, target: 0.5)
        }
        return RouterEvaluation(
            rows: n, routerVersion: model.version, dense: embeddings != nil && model.denseIndex != nil, members: figures,
            accuracy: sweep[0].accuracy, effectiveSize: sweep[0].effectiveSize, budget: budget, accuracyAtBudget: atBudget,
            sizeAtBestSingleAccuracy: reach, aiq: RoutingMetrics.aiq(points, maxCost: maxSize),
            membersAIQ: RoutingMetrics.aiq(memberPoints, maxCost: maxSize), reference: reference, referenceAccuracy: refAcc,
            rescueRate: rescue, brier: RoutingMetrics.brier(allP, allY), ece: RoutingMetrics.ece(allP, allY),
            eceChosen: RoutingMetrics.ece(chosenP, chosenY), bestSingle: best,
            oracle: .init(accuracy: oracleAcc / Double(n), effectiveSize: oracleSize / Double(n)),
            apgr: apgr, cpt50: cpt, sweep: sweep)
    }
}
