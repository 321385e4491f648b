/// A streaming chat request to one model on one server.
public struct ChatRequest: Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    public var maxTokens: Int?
    public var temperature: Double?
    /// Texts that end the reply where the model writes them (not included in it); `nil` for the server's default.
    public var stop: [String]?
    /// Ask for each token's log-probability (llama-server returns them on `/v1/chat/completions`);
    /// the stream's summary then carries their mean, a signal of a weak answer for the cascade.
    public var logprobs = false
    public init(model: String, messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil, stop: [String]? = nil,
                logprobs: Bool = false) {
        self.logprobs = logprobs
        self.model = model
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.stop = stop
    }
}
