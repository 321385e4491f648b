/// An `"error"` member inside a streamed JSON object: a string (Ollama) or an object with a
/// `message` (OpenAI, llama-server, vLLM).
struct ErrorValue: Decodable, Equatable, Sendable {
    var message: String

    private struct Nested: Decodable {
        var message: String?
        var type: String?
        var code: Int?
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            message = s
        } else if let n = try? c.decode(Nested.self) {
            message = n.message ?? n.type ?? "error code \(n.code ?? 0)"
        } else {
            message = "unreadable error object"
        }
    }
}
