import Foundation
import HerdBackends
import HerdConfig
import HerdCore
import HerdRouter

/// `URL#MODEL`: an OpenAI-compatible server and an embedding model on it (the router's dense view).
struct EmbeddingSpec: Sendable, Hashable {
    var url: String
    var model: String

    init(_ text: String) throws {
        guard let hash = text.lastIndex(of: "#"), !text[..<hash].isEmpty, !text[text.index(after: hash)...].isEmpty else {
            throw HerdError.other("--embeddings wants URL#MODEL, e.g. http://127.0.0.1:8080#all-minilm, not \"\(text)\"")
        }
        url = String(text[..<hash])
        model = String(text[text.index(after: hash)...])
    }

    var text: String { url + "#" + model }

    /// A cache (in the data folder, shared across runs) that embeds through the server.
    func cache() throws -> EmbeddingCache {
        let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: url, proto: .openAI))
        let model = self.model
        let safe = (ServerEndpoint(baseURL: url).name + "-" + model).map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        let path = HerdPaths().dataDir + "/embeddings/" + String(safe) + ".bin"
        return try EmbeddingCache(model: text, path: path) { texts in
            try await server.embed(texts, model: model)
        }
    }
}
