/// A local model server Herd can stream from. Implementations live in HerdBackends.
///
/// Cancelling the task that consumes `chat(_:)` closes the connection.
public protocol ModelServer: Sendable {
    var endpoint: ServerEndpoint { get }
    /// The models the server offers.
    func models() async throws -> [ModelInfo]
    /// Streams a reply token by token; ends with exactly one `.done` or throws a `HerdError`.
    func chat(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error>
    /// The same reply, handing each event to `onEvent` in order; returns after `.done` or throws what
    /// ended the stream. By default from `chat(_:)`; a server that can hand the events over on the task
    /// that reads the socket does so instead (`InlineStreaming` in HerdBackends), saving a thread
    /// wake-up per token.
    func chat(_ request: ChatRequest, onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws
    /// One embedding per text, in order.
    func embed(_ texts: [String], model: String) async throws -> [[Float]]
    /// `true` when the server answers.
    func health() async -> Bool
}

extension ModelServer {
    public func chat(_ request: ChatRequest, onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        for try await event in chat(request) { onEvent(event) }
    }
}
