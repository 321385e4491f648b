/// The figures `herd router eval` reports (field names are the JSON keys).
public struct RouterEvaluation: Sendable, Hashable, Codable {
    public struct SweepPoint: Sendable, Hashable, Codable {
        public var lambda: Double
        public var accuracy: Double
        /// Mean parameter count (B) of the chosen members.
        public var effectiveSize: Double
    }

    public struct MemberFigure: Sendable, Hashable, Codable {
        public var member: String
        public var sizeB: Double
        public var accuracy: Double
        /// Share of questions the router sends to this member at λ = 0.
        public var routedShare: Double
    }

    public struct Oracle: Sendable, Hashable, Codable {
        public var accuracy: Double
        /// Mean size of the cheapest member that answers well (the cheapest member when none does).
        public var effectiveSize: Double
    }

    public var rows: Int
    public var routerVersion: String
    public var dense: Bool
    public var members: [MemberFigure]
    /// At λ = 0.
    public var accuracy: Double
    public var effectiveSize: Double
    /// 40% of the largest member's size.
    public var budget: Double
    /// Best accuracy over the sweep at an effective size ≤ budget.
    public var accuracyAtBudget: Double?
    /// Smallest effective size over the sweep that reaches the best single member's accuracy.
    public var sizeAtBestSingleAccuracy: Double?
    public var aiq: Double
    /// AIQ of the members themselves, without routing.
    public var membersAIQ: Double
    public var reference: String?
    public var referenceAccuracy: Double?
    /// Accuracy at λ = 0 on the questions the reference got wrong.
    public var rescueRate: Double?
    /// Over every (question, member) pair.
    public var brier: Double
    public var ece: Double
    /// Of the chosen member's confidence at λ = 0.
    public var eceChosen: Double
    public var bestSingle: MemberFigure
    public var oracle: Oracle
    /// Two-member herds only (RouteLLM): strong = the larger member.
    public var apgr: Double?
    public var cpt50: Double?
    public var sweep: [SweepPoint]
}
