import Foundation
import HerdCore
import NIOCore

/// The error objects servers send: OpenAI's `{"error": {"message": …}}`, Ollama's `{"error": "…"}`,
/// vLLM's `{"object": "error", "message": …}` and FastAPI's `{"detail": …}`.
struct ServerErrorBody: Decodable {
    var message: String?

    private enum Keys: String, CodingKey { case error, message, detail }
    private struct Nested: Decodable {
        var message: String?
        var type: String?
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        if let s = try? c.decode(String.self, forKey: .error) {
            message = s
        } else if let n = try? c.decode(Nested.self, forKey: .error) {
            message = n.message ?? n.type
        } else if let s = try? c.decode(String.self, forKey: .message) {
            message = s
        } else if let s = try? c.decode(String.self, forKey: .detail) {
            message = s
        } else {
            message = nil
        }
    }

    /// The message inside a JSON error body, if it is one.
    static func message(in data: Data) -> String? {
        guard let body = try? JSONDecoder().decode(ServerErrorBody.self, from: data) else { return nil }
        return body.message
    }

    /// A non-2xx reply as a `HerdError`: unknown models are recognised by status and message.
    static func error(server: String, status: Int, body: ByteBuffer, model: String?) -> HerdError {
        let data = Data(body.readableBytesView)
        let raw = String(decoding: data.prefix(2000), as: UTF8.self)
        let msg = message(in: data)
        if let model, isUnknownModel(status: status, message: msg ?? raw, model: model) {
            return .unknownModel(server: server, model: model)
        }
        return .http(server: server, status: status, body: msg ?? raw)
    }

    /// llama-server: 400 "model 'x' not found"; Ollama: 404 "model 'x' not found";
    /// vLLM: 404 "The model `x` does not exist."; LM Studio: 404 "Model not found".
    static func isUnknownModel(status: Int, message: String, model: String) -> Bool {
        guard status == 400 || status == 404 else { return false }
        let m = message.lowercased()
        return m.contains("model") && (m.contains("not found") || m.contains("does not exist") || m.contains("no such"))
    }
}
