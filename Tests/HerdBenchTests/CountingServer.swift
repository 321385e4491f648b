import Foundation
import HerdCore

/// Forwards to a real server and counts the chat requests per model, to prove that nothing is asked twice.
final class CountingServer: ModelServer, @unchecked Sendable {
    let inner: any ModelServer
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    init(_ inner: any ModelServer) { self.inner = inner }

    var endpoint: ServerEndpoint { inner.endpoint }
    func asked(_ model: String) -> Int { lock.withLock { counts[model, default: 0] } }
    var total: Int { lock.withLock { counts.values.reduce(0, +) } }

    func models() async throws -> [ModelInfo] { try await inner.models() }
    func embed(_ texts: [String], model: String) async throws -> [[Float]] { try await inner.embed(texts, model: model) }
    func health() async -> Bool { await inner.health() }
    func chat(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        lock.withLock { counts[request.model, default: 0] += 1 }
        return inner.chat(request)
    }
}
