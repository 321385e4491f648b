import AsyncHTTPClient
import Foundation
import HerdCore

/// Tells Ollama from OpenAI-compatible servers by asking both listings at once.
enum ProtocolDetector {
    struct Detection: Sendable {
        var proto: ServerProtocol?
        var reachable: Bool
        var error: String?
        /// The OpenAI-compatible model list fetched while detecting (saves discovery a round trip).
        var openAIModels: [ModelInfo]?
    }

    private struct TagsProbe: Decodable, Sendable { var models: [Ignored] }
    private struct Ignored: Decodable, Sendable {}

    /// Ollama wins when `/api/tags` lists models: Ollama (and its fronts) also serve `/v1`.
    static func detect(_ endpoint: ServerEndpoint, timeout: Double, client: HTTPClient = .herd) async -> Detection {
        let http = HTTPTransport(endpoint: endpoint, client: client, streamTimeout: timeout)
        async let tags = probe(http, "/api/tags", TagsProbe.self)
        async let models = probe(http, "/v1/models", OpenAIModelList.self)
        let (t, m) = await (tags, models)
        if case .success = t { return Detection(proto: .ollama, reachable: true) }
        if case let .success(list) = m { return Detection(proto: .openAI, reachable: true, openAIModels: OpenAIServer.infos(list, baseURL: endpoint.baseURL)) }
        if case let .failure(e) = m, case .unreachable = e {
            return Detection(proto: nil, reachable: false, error: e.description)
        }
        var why: [String] = []
        if case let .failure(e) = t { why.append(e.description) }
        if case let .failure(e) = m, !why.contains(e.description) { why.append(e.description) }
        return Detection(proto: nil, reachable: true,
                      error: "neither Ollama's /api/tags nor OpenAI's /v1/models answered: " + why.joined(separator: "; "))
    }

    private static func probe<T: Decodable & Sendable>(_ http: HTTPTransport, _ path: String, _ t: T.Type) async -> Swift.Result<T, HerdError> {
        do {
            return .success(try await http.json(T.self, path))
        } catch let e as HerdError {
            return .failure(e)
        } catch {
            return .failure(HerdError.other("\(http.server)\(path): \(error)"))
        }
    }
}
