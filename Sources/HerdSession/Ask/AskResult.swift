import HerdCore

/// What `herd ask --json` prints.
public struct AskResult: Codable, Sendable {
    public var member: String
    public var model: String
    public var server: String
    public var text: String
    public var finishReason: String?
    public var completionTokens: Int?
    public var seconds: Double
    public var firstTokenSeconds: Double?
    public var error: String?
    public var decision: Decision
    /// How the answer moved between replicas when one failed; left out when it did not.
    public var failovers: [String]? = nil
    /// Every member's turn under `--cascade`, the last being this answer; left out otherwise.
    public var cascade: [AskCascadeStep]? = nil
}
