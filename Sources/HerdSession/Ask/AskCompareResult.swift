import HerdCore

/// What `herd ask --compare K --json` prints: every answer, in the router's order.
public struct AskCompareResult: Codable, Sendable {
    public var prompt: String
    public var answers: [AskResult]
    public var decision: Decision
}
