/// One `data:` object of an OpenAI-compatible chat completion stream (fields Herd reads).
struct OpenAIChunk: Decodable, Equatable, Sendable {
    struct Choice: Decodable, Equatable, Sendable {
        var delta: Delta?
        /// Legacy completions stream the text here.
        var text: String?
        var finish_reason: String?
        /// With `"logprobs": true`: the log-probability of each token of this chunk.
        var logprobs: Logprobs?
    }

    struct Logprobs: Decodable, Equatable, Sendable {
        struct Entry: Decodable, Equatable, Sendable { var logprob: Double? }
        var content: [Entry]?
    }

    struct Delta: Decodable, Equatable, Sendable {
        var content: String?
    }

    struct Usage: Decodable, Equatable, Sendable {
        var prompt_tokens: Int?
        var completion_tokens: Int?
    }

    /// llama-server's own timing report on the last chunk.
    struct Timings: Decodable, Equatable, Sendable {
        var prompt_n: Int?
        var predicted_n: Int?
        var predicted_ms: Double?
    }

    var choices: [Choice]?
    var usage: Usage?
    var timings: Timings?
    var error: ErrorValue?
}
