/// One member's answer in a comparison: which stream feeds it and how fast it came.
public struct CompareColumn: Sendable, Hashable {
    /// The stream's request id (`Effect.stream`).
    public var streamID: Int
    public var member: String
    /// Index of its assistant message in the conversation.
    public var messageIndex: Int
    public var tokens = 0
    public var firstTokenAt: Double?
    public var lastTokenAt: Double?
    /// `true` until the stream ends, fails or is stopped.
    public var live = true

    public init(streamID: Int, member: String, messageIndex: Int) {
        self.streamID = streamID
        self.member = member
        self.messageIndex = messageIndex
    }

    /// Tokens per second since the first token.
    public var rate: Double? {
        guard let f = firstTokenAt, let l = lastTokenAt, tokens > 1, l > f else { return nil }
        return Double(tokens - 1) / (l - f)
    }
}
