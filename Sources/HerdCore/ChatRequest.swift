/// A streaming chat request to one model on one server.
public struct ChatRequest: Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    /// Sampling, length, context and stop settings; unset ones are the server's default.
    public var options: GenerationOptions
    /// Ask for each token's log-probability (llama-server returns them on `/v1/chat/completions`);
    /// the stream's summary then carries their mean, a signal of a weak answer for the cascade.
    public var logprobs = false

    /// - Parameters:
    ///   - maxTokens, temperature, stop: shorthands for the same fields of `options`, which they override when given.
    public init(model: String, messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil, stop: [String]? = nil,
                options: GenerationOptions = GenerationOptions(), logprobs: Bool = false) {
        self.logprobs = logprobs
        self.model = model
        self.messages = messages
        self.options = GenerationOptions(temperature: temperature, maxTokens: maxTokens, stop: stop).over(options)
    }

    public var maxTokens: Int? {
        get { options.maxTokens }
        set { options.maxTokens = newValue }
    }

    public var temperature: Double? {
        get { options.temperature }
        set { options.temperature = newValue }
    }

    /// Texts that end the reply where the model writes them (not included in it); `nil` for the server's default.
    public var stop: [String]? {
        get { options.stop }
        set { options.stop = newValue }
    }
}
