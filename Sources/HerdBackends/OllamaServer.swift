import AsyncHTTPClient
import Foundation
import HerdCore

/// A server speaking Ollama's native API (docs/api.md): `/api/chat` NDJSON streams, `/api/tags`,
/// `/api/show` for size, quantization, family, context length and capabilities, `/api/ps` for
/// what is loaded, `/api/embed`.
public final class OllamaServer: ModelServer {
    public let endpoint: ServerEndpoint
    /// Seconds without a byte before a stream is abandoned with `HerdError.timeout`.
    public let streamTimeout: Double
    let http: HTTPTransport

    public init(endpoint: ServerEndpoint, streamTimeout: Double = 60, client: HTTPClient = .herd) {
        self.endpoint = endpoint
        self.streamTimeout = streamTimeout
        self.http = HTTPTransport(endpoint: endpoint, client: client, streamTimeout: streamTimeout)
    }

    public func models() async throws -> [ModelInfo] {
        try await models(timeout: streamTimeout)
    }

    /// The models with `/api/show` metadata and `/api/ps` load state, with a custom timeout.
    /// A model whose `/api/show` fails is still listed, with what `/api/tags` said.
    public func models(timeout: Double) async throws -> [ModelInfo] {
        let http = self.http
        async let tagsReq = http.json(OllamaWire.ModelList.self, "/api/tags", timeout: timeout)
        async let psReq = http.json(OllamaWire.ModelList.self, "/api/ps", timeout: timeout)
        let tags = try await tagsReq
        let loaded: Set<String>? = (try? await psReq).map { Set($0.models.flatMap { [$0.name, $0.model ?? $0.name] }) }
        return await withTaskGroup(of: (Int, ModelInfo).self) { group in
            for (i, entry) in tags.models.enumerated() {
                group.addTask {
                    let show = try? await self.show(entry.name, timeout: timeout)
                    return (i, Self.info(entry, show: show, loaded: loaded))
                }
            }
            var out = [ModelInfo?](repeating: nil, count: tags.models.count)
            for await (i, m) in group { out[i] = m }
            return out.compactMap { $0 }
        }
    }

    func show(_ model: String, timeout: Double) async throws -> OllamaWire.Show {
        let body = try JSONSerialization.data(withJSONObject: ["model": model])
        return try await http.json(OllamaWire.Show.self, "/api/show", method: .POST, body: body, timeout: timeout, model: model)
    }

    static func info(_ e: OllamaWire.ModelList.Entry, show: OllamaWire.Show?, loaded: Set<String>?) -> ModelInfo {
        let details = show?.details ?? e.details
        let modelInfo = show?.model_info ?? [:]
        let params = modelInfo["general.parameter_count"]?.number.map { $0 / 1e9 }
        let ctx = modelInfo.first { $0.key.hasSuffix(".context_length") }?.value.number.map { Int($0) }
        let canChat: Bool
        if let caps = show?.capabilities {
            canChat = caps.contains("completion")
        } else {
            // Older Ollama has no capabilities: BERT-family models only embed.
            let fam = (details?.family ?? "").lowercased()
            canChat = !(fam.contains("bert") || e.name.lowercased().contains("embed"))
        }
        let quant = details?.quantization_level.flatMap { $0.isEmpty ? nil : $0 }
        let family = details?.family.flatMap { $0.isEmpty ? nil : $0 }
        let template = show?.template?.trimmingCharacters(in: .whitespacesAndNewlines)
        let tuned: Bool? = template.flatMap { $0.isEmpty ? nil : $0 != "{{ .Prompt }}" }
        return ModelInfo(id: e.name, sizeB: params ?? OllamaWire.billions(details?.parameter_size), quantization: quant,
                         family: family, contextLength: ctx, loaded: loaded.map { $0.contains(e.name) }, canChat: canChat,
                         instructTuned: tuned, digest: e.digest)
    }

    public func embed(_ texts: [String], model: String) async throws -> [[Float]] {
        let http = self.http
        let splitter = EmbeddingSplitter { batch in
            let body = try JSONEncoder().encode(OllamaWire.EmbedBody(model: model, input: batch))
            return try await http.json(OllamaWire.EmbedReply.self, "/api/embed", method: .POST, body: body, model: model).embeddings
        }
        return try await splitter.embed(texts)
    }

    public func health() async -> Bool {
        guard let (status, _) = try? await http.send("/api/version", timeout: min(streamTimeout, 5)) else { return false }
        return (200..<300).contains(status)
    }
}
