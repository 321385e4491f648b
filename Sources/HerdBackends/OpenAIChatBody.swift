import HerdCore

/// The body of `POST /v1/chat/completions` as Herd sends it.
struct OpenAIChatBody: Encodable, Sendable {
    struct StreamOptions: Encodable, Sendable {
        var include_usage = true
    }

    var model: String
    var messages: [ChatMessage]
    var stream = true
    /// Asks for a final `usage` chunk (llama-server, vLLM and LM Studio honour it).
    var stream_options = StreamOptions()
    var max_tokens: Int?
    var temperature: Double?
    var top_p: Double?
    var stop: [String]?
    /// Only when asked: each token's log-probability (the cascade's weak-answer signal).
    var logprobs: Bool?
    /// Set when the last message is the assistant's partial answer (a failover continuing it): vLLM
    /// continues that message only when told so, without a new generation prompt. llama-server
    /// continues it either way and, told so, does not repeat it in its first delta.
    var continue_final_message: Bool?
    var add_generation_prompt: Bool?

    /// The context size is not sent: OpenAI-compatible servers fix it when they start (`unsent`).
    init(_ r: ChatRequest) {
        logprobs = r.logprobs ? true : nil
        model = r.model
        messages = r.messages
        max_tokens = r.options.maxTokens
        temperature = r.options.temperature
        top_p = r.options.topP
        stop = r.options.stop
        if r.messages.last?.role == .assistant {
            continue_final_message = true
            add_generation_prompt = false
        }
    }

    /// Options this protocol has no per-request field for, so they are not sent.
    static func unsent(_ o: GenerationOptions) -> [GenerationOptions.Setting] {
        o.contextSize == nil ? [] : [.contextSize]
    }
}
