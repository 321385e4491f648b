import Foundation
import HerdCore
import Synchronization

/// A server the user listed without a `protocol` that did not answer discovery: its protocol is
/// found the first time it answers (a health probe, or a request), and from then on it is the
/// Ollama or OpenAI-compatible client discovery would have made.
///
/// Why: a member's replica on such a server used to have no client at all, so it stayed down until
/// Herd was restarted even after the server came back. With this client the fleet probes it like
/// any down replica (with back-off) and brings it in when it answers.
public final class UndetectedServer: InlineStreaming, Sendable {
    private let listed: ServerEndpoint
    private let streamTimeout: Double
    private let probeTimeout: Double
    private let detected = Mutex<(any ModelServer)?>(nil)

    /// - Parameters:
    ///   - endpoint: the server as listed (no protocol).
    ///   - streamTimeout: the stream timeout of the client it becomes (the server's own, when it has one).
    ///   - probeTimeout: how long detecting waits for the server's model listings.
    public init(endpoint: ServerEndpoint, streamTimeout: Double, probeTimeout: Double = 3) {
        listed = endpoint
        self.streamTimeout = streamTimeout
        self.probeTimeout = probeTimeout
    }

    /// The endpoint, with its protocol once known.
    public var endpoint: ServerEndpoint { detected.withLock { $0?.endpoint } ?? listed }

    /// The client it became; `nil` while the server has not answered.
    public var client: (any ModelServer)? { detected.withLock { $0 } }

    /// The client, detecting the protocol first if need be.
    /// - Throws: `HerdError.unreachable` (or why neither protocol answered) when it still does not answer.
    func resolved() async throws -> any ModelServer {
        if let c = client { return c }
        let found = await ProtocolDetector.detect(listed, timeout: probeTimeout)
        guard let proto = found.proto else {
            let cause = found.error ?? "it does not answer"
            throw found.reachable ? HerdError.other("\(listed.name): \(cause)") : HerdError.unreachable(server: listed.name, cause: cause)
        }
        let made = Backends.make(listed, proto: proto, streamTimeout: streamTimeout)
        return detected.withLock { current in
            if let current { return current }
            current = made
            return made
        }
    }

    public func models() async throws -> [ModelInfo] {
        try await resolved().models()
    }

    public func embed(_ texts: [String], model: String) async throws -> [[Float]] {
        try await resolved().embed(texts, model: model)
    }

    /// Detects the protocol when not yet known (an answer to either listing is an answer), else asks the client.
    public func health() async -> Bool {
        if let c = client { return await c.health() }
        return (try? await resolved()) != nil
    }

    public func chat(_ request: ChatRequest, onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        try await resolved().chat(request, onEvent: onEvent)
    }
}
