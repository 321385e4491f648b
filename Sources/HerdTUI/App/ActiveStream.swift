/// The reply being streamed right now.
import HerdCore

public struct ActiveStream: Sendable, Hashable {
    public var id: Int
    /// Index of the assistant message in the conversation.
    public var messageIndex: Int
    public var prompt: String
    /// The turns sent with the request: history and the prompt.
    public var messages: [ChatMessage]
    public var startedAt: Double
    public var firstTokenAt: Double?
    public var lastTokenAt: Double?
    public var tokens: Int
    /// `true` once the router decided and the stream was requested.
    public var routed: Bool

    /// Tokens per second since the first token.
    public var rate: Double? {
        guard let f = firstTokenAt, let l = lastTokenAt, tokens > 1, l > f else { return nil }
        return Double(tokens - 1) / (l - f)
    }
}
