import AsyncHTTPClient
import Foundation
import HerdCore

/// A server speaking the OpenAI-compatible API: llama-server, vLLM, LM Studio (and Ollama's `/v1`).
///
/// Streams `POST /v1/chat/completions` as SSE, lists `GET /v1/models`, embeds with
/// `POST /v1/embeddings` (over-long inputs split, not failed). A bearer token is read from the
/// environment variable the endpoint names, at each request.
public final class OpenAIServer: ModelServer {
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

    /// The model list, with a custom timeout (discovery uses a short one).
    public func models(timeout: Double) async throws -> [ModelInfo] {
        Self.infos(try await http.json(OpenAIModelList.self, "/v1/models", timeout: timeout), baseURL: endpoint.baseURL)
    }

    /// The models of a `/v1/models` reply (discovery's detection reuses the list it fetched).
    static func infos(_ list: OpenAIModelList, baseURL: String) -> [ModelInfo] {
        // GGUF paths are only meaningful for a server on this machine.
        let local = ServerEndpoint(baseURL: baseURL).isOnThisMachine
        return list.data.map { entry in
            var info = Self.info(entry)
            if local, let path = entry.modelPath { Self.describe(&info, fromGGUF: path) }
            return info
        }
    }

    /// Fills what llama-server leaves out for an unloaded model (size, other names, tuning) from the
    /// header of the GGUF file it will run; a file that cannot be read leaves the model as it was.
    static func describe(_ info: inout ModelInfo, fromGGUF path: String) {
        guard let header = try? GGUFHeader.read(path: path) else { return }
        if info.sizeB == nil, header.parameterCount > 0 { info.sizeB = Double(header.parameterCount) / 1e9 }
        info.quantization = info.quantization ?? header.quantization
        info.family = info.family ?? header.architecture
        let file = URL(fileURLWithPath: path).lastPathComponent
        info.aliases = [file, header.publishedName, header.name].compactMap { $0 }.filter { $0 != info.id }
        info.instructTuned = header.hasChatTemplate
    }

    static func info(_ e: OpenAIModelList.Entry) -> ModelInfo {
        let embedsOnly = (e.args?.contains("--embeddings") ?? false)
            || e.type == "embeddings"
            || (e.args == nil && e.type == nil && e.id.lowercased().contains("embed"))
        let loaded: Bool? = switch e.statusValue ?? e.state {
        case "loaded": true
        case "unloaded", "not-loaded", "loading", "failed": false
        default: nil
        }
        return ModelInfo(id: e.id, sizeB: e.nParams.map { $0 / 1e9 }, contextLength: e.maxModelLen ?? e.nCtx,
                         loaded: loaded, canChat: !embedsOnly)
    }

    public func embed(_ texts: [String], model: String) async throws -> [[Float]] {
        let http = self.http
        let splitter = EmbeddingSplitter { batch in
            let body = try JSONSerialization.data(withJSONObject: ["model": model, "input": batch])
            let reply = try await http.json(OpenAIEmbeddingReply.self, "/v1/embeddings", method: .POST, body: body, model: model)
            if reply.data.allSatisfy({ $0.index != nil }) {
                return reply.data.sorted { $0.index! < $1.index! }.map(\.embedding)
            }
            return reply.data.map(\.embedding)
        }
        return try await splitter.embed(texts)
    }

    public func health() async -> Bool {
        guard let (status, _) = try? await http.send("/v1/models", timeout: min(streamTimeout, 5)) else { return false }
        return (200..<300).contains(status)
    }
}
