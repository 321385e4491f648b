/// A local model server Herd can stream from. Implementations live in HerdBackends.
///
/// Cancelling the task that consumes `chat(_:)` closes the connection.
public protocol ModelServer: Sendable {
    var endpoint: ServerEndpoint { get }
    /// The models the server offers.
    func models() async throws -> [ModelInfo]
    /// Streams a reply token by token; ends with exactly one `.done` or throws a `HerdError`.
    func chat(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error>
    /// One embedding per text, in order.
    func embed(_ texts: [String], model: String) async throws -> [[Float]]
    /// `true` when the server answers.
    func health() async -> Bool
}
