import HerdCore

/// Ollama's native API payloads (docs/api.md), fields Herd reads or sends.
enum OllamaWire {
    struct Details: Decodable, Sendable {
        var format: String?
        var family: String?
        var families: [String]?
        var parameter_size: String?
        var quantization_level: String?
    }

    /// `GET /api/tags` and `GET /api/ps`.
    struct ModelList: Decodable, Sendable {
        struct Entry: Decodable, Sendable {
            var name: String
            var model: String?
            /// The model's content hash: two servers with the same digest serve the same weights.
            var digest: String?
            var details: Details?
        }

        var models: [Entry]
    }

    /// `POST /api/show`.
    struct Show: Decodable, Sendable {
        var details: Details?
        /// The prompt template: a base model's is only `{{ .Prompt }}`.
        var template: String?
        var model_info: [String: JSONScalar]?
        var capabilities: [String]?
    }

    /// A `model_info` value: only numbers and strings matter here; arrays and objects are skipped.
    enum JSONScalar: Decodable, Sendable {
        case number(Double), string(String), other

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .number(d) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else { self = .other }
        }

        var number: Double? { if case let .number(d) = self { return d } else { return nil } }
    }

    struct ChatBody: Encodable, Sendable {
        /// The `options` object (docs/api.md, "valid parameters and values" of the Modelfile).
        struct Options: Encodable, Sendable {
            var num_predict: Int?
            var temperature: Double?
            var top_p: Double?
            var num_ctx: Int?
            var stop: [String]?
        }

        var model: String
        var messages: [ChatMessage]
        var stream = true
        var options: Options?
        /// Each token's log-probability in the reply (`logprobs` in Ollama's api/types.go); an Ollama from
        /// before it ignores the field and sends none.
        var logprobs: Bool?

        init(_ r: ChatRequest) {
            model = r.model
            messages = r.messages
            logprobs = r.logprobs ? true : nil
            let o = r.options
            if !o.isEmpty {
                options = Options(num_predict: o.maxTokens, temperature: o.temperature, top_p: o.topP, num_ctx: o.contextSize, stop: o.stop)
            }
        }
    }

    /// One line of the `/api/chat` stream.
    struct ChatLine: Decodable, Sendable {
        struct Msg: Decodable, Sendable {
            var content: String?
        }

        /// One per token of this line, when the request asked for `logprobs` (api.Logprob).
        struct Logprob: Decodable, Sendable {
            var logprob: Double?
        }

        var message: Msg?
        /// `/api/generate` streams text here.
        var response: String?
        var logprobs: [Logprob]?
        var done: Bool?
        var done_reason: String?
        var prompt_eval_count: Int?
        var eval_count: Int?
        /// Nanoseconds.
        var eval_duration: Double?
        var error: ErrorValue?
    }

    struct EmbedBody: Encodable, Sendable {
        var model: String
        var input: [String]
        /// Ollama truncates to the context by default; said explicitly since Herd relies on it.
        var truncate = true
    }

    struct EmbedReply: Decodable, Sendable {
        var embeddings: [[Float]]
    }

    /// "8.0B" → 8.0, "567M" → 0.567, "1.2T" → 1200.
    static func billions(_ s: String?) -> Double? {
        guard var t = s?.trimmingCharacters(in: .whitespaces).uppercased(), !t.isEmpty else { return nil }
        var scale = 1.0
        switch t.last {
        case "B": scale = 1; t.removeLast()
        case "M": scale = 1e-3; t.removeLast()
        case "K": scale = 1e-6; t.removeLast()
        case "T": scale = 1e3; t.removeLast()
        default: break
        }
        return Double(t).map { $0 * scale }
    }
}

import Foundation
