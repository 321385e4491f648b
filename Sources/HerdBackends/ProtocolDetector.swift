import AsyncHTTPClient
import Foundation
import HerdCore

/// Tells Ollama from OpenAI-compatible servers by asking both listings at once.
enum ProtocolDetector {
    struct Detection: Sendable {
        var proto: ServerProtocol?
        var reachable: Bool
        var error: String?
    }

    private struct TagsProbe: Decodable { var models: [Ignored] }
    private struct ModelsProbe: Decodable { var data: [Ignored] }
    private struct Ignored: Decodable {}

    /// Ollama wins when `/api/tags` lists models: Ollama (and its fronts) also serve `/v1`.
    static func detect(_ endpoint: ServerEndpoint, timeout: Double, client: HTTPClient = .herd) async -> Detection {
        let http = HTTPTransport(endpoint: endpoint, client: client, streamTimeout: timeout)
        async let tags = probe(http, "/api/tags", TagsProbe.self)
        async let models = probe(http, "/v1/models", ModelsProbe.self)
        let (t, m) = await (tags, models)
        if case .success = t { return Detection(proto: .ollama, reachable: true) }
        if case .success = m { return Detection(proto: .openAI, reachable: true) }
        if case let .failure(e) = m, case .unreachable = e {
            return Detection(proto: nil, reachable: false, error: e.description)
        }
        let why = [t, m].compactMap { (r: Swift.Result<Void, HerdError>) -> String? in if case let .failure(e) = r { return e.description } else { return nil } }
        return Detection(proto: nil, reachable: true,
                      error: "neither Ollama's /api/tags nor OpenAI's /v1/models answered: " + why.joined(separator: "; "))
    }

    private static func probe<T: Decodable>(_ http: HTTPTransport, _ path: String, _ t: T.Type) async -> Swift.Result<Void, HerdError> {
        do {
            _ = try await http.json(T.self, path)
            return .success(())
        } catch let e as HerdError {
            return .failure(e)
        } catch {
            return .failure(HerdError.other("\(http.server)\(path): \(error)"))
        }
    }
}
