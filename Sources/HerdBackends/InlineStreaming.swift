import Foundation
import HerdCore

/// A server whose reply is handled on the task that reads the socket: its `chat(_:onEvent:)` is the
/// stream itself, and `chat(_:)` is built on it.
///
/// `chat(_:)` hands each event through an `AsyncThrowingStream`, which resumes the consuming
/// task: one more thread wake-up per token. For a consumer as light as `herd ask` writing tokens
/// to stdout, that hop costs more than the work itself (measured by `scripts/bench-stream`), so it
/// takes the events inline instead. Same events, same errors, same stall timeout; cancelling
/// the calling task closes the connection. A conformer must write its own `chat(_:onEvent:)`: the
/// defaults of `ModelServer` and of this protocol are each built on the other.
public protocol InlineStreaming: ModelServer {}

extension InlineStreaming {
    /// `ModelServer.chat(_:)` for every inline server: the inline stream handed through an
    /// `AsyncThrowingStream`; ending the stream early cancels the request.
    public func chat(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: StreamEvent.self, throwing: Error.self)
        let task = Task {
            do {
                try await self.chat(request) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

extension OpenAIServer: InlineStreaming {
    public func chat(_ request: ChatRequest, onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        let body = try JSONEncoder().encode(OpenAIChatBody(request))
        try await http.stream("/v1/chat/completions", json: body, decoder: OpenAIStreamDecoder(server: http.server),
                              model: request.model, yield: onEvent)
    }
}

extension OllamaServer: InlineStreaming {
    public func chat(_ request: ChatRequest, onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        let body = try JSONEncoder().encode(OllamaWire.ChatBody(request))
        try await http.stream("/api/chat", json: body, decoder: OllamaStreamDecoder(server: http.server),
                              model: request.model, yield: onEvent)
    }
}
