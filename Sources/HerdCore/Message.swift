import Foundation

/// One message of a conversation, as shown and stored.
public struct Message: Sendable, Hashable, Codable, Identifiable {
    public enum Status: Sendable, Hashable, Codable {
        case streaming
        case complete
        case stopped
        case failed(String)

        public var label: String {
            switch self {
            case .streaming: return "streaming"
            case .complete: return "complete"
            case .stopped: return "stopped"
            case let .failed(r): return "failed: \(r)"
            }
        }
    }

    public var id: UUID
    public var role: ChatMessage.Role
    public var text: String
    /// The member that wrote it (assistant messages).
    public var member: String?
    public var status: Status
    public var decision: Decision?
    public var completionTokens: Int?
    /// Seconds from request to last token.
    public var seconds: Double?
    /// Tokens per second while streaming.
    public var tokensPerSecond: Double?
    public var rating: Int?
    /// Set when the message is one of several answers to one prompt (compare, cascade).
    public var group: AnswerGroup?
    /// How the reply moved between replicas of its member when one failed, one line a move
    /// (`FailoverStep.text`), in order; empty when it came from one server.
    public var failovers: [String]

    public init(id: UUID = UUID(), role: ChatMessage.Role, text: String, member: String? = nil, status: Status = .complete,
                decision: Decision? = nil, completionTokens: Int? = nil, seconds: Double? = nil, tokensPerSecond: Double? = nil,
                rating: Int? = nil, group: AnswerGroup? = nil, failovers: [String] = []) {
        self.failovers = failovers
        self.id = id
        self.role = role
        self.text = text
        self.member = member
        self.status = status
        self.decision = decision
        self.completionTokens = completionTokens
        self.seconds = seconds
        self.tokensPerSecond = tokensPerSecond
        self.rating = rating
        self.group = group
    }
}
