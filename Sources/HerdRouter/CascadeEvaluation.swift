/// `herd router eval --policy cascade`: the cascade's cost–accuracy curve over its threshold,
/// against plain routing over λ and the single largest member, on the same rows.
public struct CascadeEvaluation: Sendable, Hashable, Codable {
    /// One threshold's outcome.
    public struct Point: Sendable, Hashable, Codable {
        /// Confidence a member needs to answer first; an answer whose member's confidence is below it is weak.
        public var threshold: Double
        public var accuracy: Double
        /// Mean cost per question, every asked step charged.
        public var effectiveSize: Double
        /// Mean members asked per question.
        public var steps: Double
        /// Share of questions that escalated at least once.
        public var escalated: Double
    }

    public var rows: Int
    public var costUnit: String
    public var signal: String
    public var points: [Point]
    public var hull: [RoutingMetrics.Point]
    public var aiq: Double
    /// Plain routing (the exact λ path): AIQ, its most accurate point, and the cost where it first reaches it.
    public var routingAIQ: Double
    public var routingBestAccuracy: Double
    public var routingBestSize: Double
    /// The cascade at plain routing's best cost: on its hull, and the best actual threshold within that cost.
    public var cascadeAccuracyAtRoutingBest: Double
    public var cascadeBestPointWithin: Point?
    /// The cascade's most accurate threshold.
    public var cascadeBest: Point
    /// The single largest member: asked always.
    public var largest: String
    public var largestAccuracy: Double
    public var largestSize: Double
    /// The cascade at the largest member's accuracy: the least cost of a threshold at least as accurate (nil: none).
    public var cascadeSizeAtLargestAccuracy: Double?
    public var costRange: [Double]
}
