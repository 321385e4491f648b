import HerdCore

/// A chat reply body decoded offline (recorded streams, the parser benchmark) by the very
/// decoder the live clients use: SSE for OpenAI-compatible servers, NDJSON for Ollama.
public struct RecordedStream: Sendable {
    private enum Decoder: Sendable {
        case openAI(OpenAIStreamDecoder)
        case ollama(OllamaStreamDecoder)
        /// Held while a decoder is taken out to be mutated, so its buffers are never copied.
        case taken
    }

    private var decoder: Decoder

    public init(proto: ServerProtocol, server: String = "recorded stream") {
        switch proto {
        case .openAI: decoder = .openAI(OpenAIStreamDecoder(server: server))
        case .ollama: decoder = .ollama(OllamaStreamDecoder(server: server))
        }
    }

    /// The events a chunk of the body completes; throws the `HerdError` a live stream would end with.
    public mutating func feed(_ bytes: [UInt8]) throws -> [StreamEvent] {
        switch decoder {
        case var .openAI(d):
            decoder = .taken
            defer { decoder = .openAI(d) }
            return try d.consume(bytes)
        case var .ollama(d):
            decoder = .taken
            defer { decoder = .ollama(d) }
            return try d.consume(bytes)
        case .taken:
            return []
        }
    }

    /// The body ended: the events still pending.
    public mutating func finish() throws -> [StreamEvent] {
        switch decoder {
        case var .openAI(d):
            decoder = .taken
            defer { decoder = .openAI(d) }
            return try d.finish()
        case var .ollama(d):
            decoder = .taken
            defer { decoder = .ollama(d) }
            return try d.finish()
        case .taken:
            return []
        }
    }

    /// `true` once the protocol's end marker was decoded.
    public var isComplete: Bool {
        switch decoder {
        case let .openAI(d): d.isComplete
        case let .ollama(d): d.isComplete
        case .taken: false
        }
    }
}
