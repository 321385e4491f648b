/// What a chat stream yields: text pieces, then one `.done`.
public enum StreamEvent: Sendable, Hashable {
    case token(String)
    case done(StreamSummary)
}

/// How a stream ended, with whatever counts and timings the server reported.
public struct StreamSummary: Sendable, Hashable, Codable {
    /// `stop`, `length`, … as the server said it; `nil` when it said nothing.
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// Seconds the server spent generating, when it reported it.
    public var generationSeconds: Double?
    /// Mean log-probability of the reply's tokens, when the server returned them (`ChatRequest.logprobs`).
    public var meanLogprob: Double?
    public init(finishReason: String? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil, generationSeconds: Double? = nil,
                meanLogprob: Double? = nil) {
        self.meanLogprob = meanLogprob
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.generationSeconds = generationSeconds
    }
}
