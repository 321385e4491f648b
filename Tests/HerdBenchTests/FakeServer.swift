import Foundation
import HerdCore

/// A `ModelServer` that answers from a script, counts what it was asked and how many requests overlapped.
final class FakeServer: ModelServer, @unchecked Sendable {
    /// What a model does with a request.
    enum Reply: Sendable {
        case text(String)
        case fail(HerdError)
        /// Streams tokens, then ends without `.done` (a dropped connection).
        case cut(String)
    }

    let endpoint: ServerEndpoint
    private let script: @Sendable (ChatRequest, Int) -> Reply
    private let delay: Double
    private let lock = NSLock()
    private var _asked: [String] = []
    private var inFlight = 0
    private var _maxInFlight = 0

    /// `script(request, attempt)` decides the reply; `attempt` counts earlier requests with the same model and prompt.
    init(url: String = "http://fake.test:1", delay: Double = 0, script: @escaping @Sendable (ChatRequest, Int) -> Reply) {
        endpoint = ServerEndpoint(baseURL: url)
        self.delay = delay
        self.script = script
    }

    /// Every request, as `model|first line of the prompt`.
    var asked: [String] { lock.withLock { _asked } }
    var maxInFlight: Int { lock.withLock { _maxInFlight } }

    func models() async throws -> [ModelInfo] { [] }
    func embed(_ texts: [String], model: String) async throws -> [[Float]] { [] }
    func health() async -> Bool { true }

    func chat(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        let key = request.model + "|" + (request.messages.last?.content.split(separator: "\n").first.map(String.init) ?? "")
        let attempt: Int = lock.withLock {
            let n = _asked.filter { $0 == key }.count
            _asked.append(key)
            return n
        }
        let reply = script(request, attempt)
        let delay = self.delay
        return AsyncThrowingStream { continuation in
            let task = Task {
                self.enter()
                defer { self.leave() }
                do {
                    if delay > 0 { try await Task.sleep(for: .seconds(delay)) }
                    switch reply {
                    case let .text(t):
                        for word in t.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                            continuation.yield(.token(word.offset == 0 ? String(word.element) : " " + word.element))
                        }
                        continuation.yield(.done(StreamSummary(finishReason: "stop")))
                        continuation.finish()
                    case let .fail(e):
                        continuation.finish(throwing: e)
                    case let .cut(t):
                        continuation.yield(.token(t))
                        continuation.finish()
                    }
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func enter() {
        lock.withLock {
            inFlight += 1
            _maxInFlight = max(_maxInFlight, inFlight)
        }
    }

    private func leave() { lock.withLock { inFlight -= 1 } }
}
