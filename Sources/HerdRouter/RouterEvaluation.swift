/// The figures `herd router eval` reports (field names are the JSON keys; a figure that does not
/// apply is written as `null`). Costs are in `costUnit`: billions of parameters ("B") unless the
/// data gives per-prompt costs ("USD" from `cost_usd`, "s" from `seconds`); the keys keep their
/// historical names (`effectiveSize`, `sizeB`, …) whatever the unit.
public struct RouterEvaluation: Sendable, Hashable, Codable {
    public struct SweepPoint: Sendable, Hashable, Codable {
        /// The smallest λ at which this point holds (it holds until the next point's λ).
        public var lambda: Double
        public var accuracy: Double
        /// Mean cost of the chosen members.
        public var effectiveSize: Double
    }

    public struct MemberFigure: Sendable, Hashable, Codable {
        public var member: String
        /// Mean cost of always asking this member (its size when costs are sizes).
        public var sizeB: Double
        public var accuracy: Double
        /// Share of questions the router sends to this member at λ = 0.
        public var routedShare: Double
    }

    public struct Oracle: Sendable, Hashable, Codable {
        public var accuracy: Double
        /// Mean cost of the cheapest member that scores best (the cheapest member when none does).
        public var effectiveSize: Double
    }

    /// Rows evaluated: those where every member (and the reference, if any) has a score.
    public var rows: Int
    /// Rows left out because some member or the reference has no score (or no cost) on them.
    public var excludedRows: Int
    public var routerVersion: String
    public var dense: Bool
    /// "B" (parameters, billions), "USD" or "s".
    public var costUnit: String
    public var members: [MemberFigure]
    /// At λ = 0.
    public var accuracy: Double
    public var effectiveSize: Double
    /// 40% of the costliest member's cost.
    public var budget: Double
    /// Best accuracy of any λ whose effective cost is ≤ budget.
    public var accuracyAtBudget: Double?
    /// Smallest effective cost of any λ that reaches the best single member's accuracy.
    public var sizeAtBestSingleAccuracy: Double?
    /// RouterBench's AIQ: area under the non-decreasing convex hull of the (cost, accuracy) points
    /// over the members' cost range, divided by that range.
    public var aiq: Double
    /// The same for the members themselves, without routing.
    public var membersAIQ: Double
    /// The cost range AIQ integrates over: cheapest and costliest member.
    public var costRange: [Double]
    public var reference: String?
    public var referenceAccuracy: Double?
    /// A score at or above this counts as a right answer for the rescue rate.
    public var correctThreshold: Double
    /// Share of the questions the reference got wrong (score < threshold) where the router's
    /// choice at λ = 0 is right (score ≥ threshold).
    public var rescueRate: Double?
    /// Over every (question, member) pair.
    public var brier: Double
    public var ece: Double
    /// Of the chosen member's confidence at λ = 0.
    public var eceChosen: Double
    public var bestSingle: MemberFigure
    public var oracle: Oracle
    /// Two-member herds only (RouteLLM): strong = the costlier member.
    public var apgr: Double?
    public var cpt50: Double?
    /// Every λ ≥ 0 at which the router's choices change (exact, no grid), thinned to the points no
    /// other point beats on both cost and accuracy.
    public var sweep: [SweepPoint]
    /// The non-decreasing convex hull of the sweep, as AIQ integrates it.
    public var hull: [RoutingMetrics.Point]

    private enum CodingKeys: String, CodingKey {
        case rows, excludedRows, routerVersion, dense, costUnit, members, accuracy, effectiveSize, budget, accuracyAtBudget,
             sizeAtBestSingleAccuracy, aiq, membersAIQ, costRange, reference, referenceAccuracy, correctThreshold, rescueRate,
             brier, ece, eceChosen, bestSingle, oracle, apgr, cpt50, sweep, hull
    }

    /// Written by hand so that figures that do not apply appear as `null` rather than vanish.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(excludedRows, forKey: .excludedRows)
        try c.encode(routerVersion, forKey: .routerVersion)
        try c.encode(dense, forKey: .dense)
        try c.encode(costUnit, forKey: .costUnit)
        try c.encode(members, forKey: .members)
        try c.encode(accuracy, forKey: .accuracy)
        try c.encode(effectiveSize, forKey: .effectiveSize)
        try c.encode(budget, forKey: .budget)
        try c.encode(accuracyAtBudget, forKey: .accuracyAtBudget)
        try c.encode(sizeAtBestSingleAccuracy, forKey: .sizeAtBestSingleAccuracy)
        try c.encode(aiq, forKey: .aiq)
        try c.encode(membersAIQ, forKey: .membersAIQ)
        try c.encode(costRange, forKey: .costRange)
        try c.encode(reference, forKey: .reference)
        try c.encode(referenceAccuracy, forKey: .referenceAccuracy)
        try c.encode(correctThreshold, forKey: .correctThreshold)
        try c.encode(rescueRate, forKey: .rescueRate)
        try c.encode(brier, forKey: .brier)
        try c.encode(ece, forKey: .ece)
        try c.encode(eceChosen, forKey: .eceChosen)
        try c.encode(bestSingle, forKey: .bestSingle)
        try c.encode(oracle, forKey: .oracle)
        try c.encode(apgr, forKey: .apgr)
        try c.encode(cpt50, forKey: .cpt50)
        try c.encode(sweep, forKey: .sweep)
        try c.encode(hull, forKey: .hull)
    }
}
