import HerdCore

/// A whole chat stream as a test sees it: the text, the pieces, the end summary or the error.
public struct CollectedStream: Sendable {
    public var text = ""
    public var tokens: [String] = []
    public var summary: StreamSummary?
    public var error: Error?

    public init() {}

    /// The error as a `HerdError`, when it is one.
    public var herdError: HerdError? { error as? HerdError }
}

/// Consumes a stream to its end (or first error).
public func collect(_ stream: AsyncThrowingStream<StreamEvent, Error>) async -> CollectedStream {
    var c = CollectedStream()
    do {
        for try await e in stream {
            switch e {
            case let .token(t):
                c.text += t
                c.tokens.append(t)
            case let .done(s):
                c.summary = s
            }
        }
    } catch {
        c.error = error
    }
    return c
}

/// Asks `model` one user message and collects the whole reply.
public func ask(_ server: any ModelServer, _ model: String, _ prompt: String = "hi", maxTokens: Int? = nil) async -> CollectedStream {
    await collect(server.chat(ChatRequest(model: model, messages: [ChatMessage(role: .user, content: prompt)], maxTokens: maxTokens)))
}
