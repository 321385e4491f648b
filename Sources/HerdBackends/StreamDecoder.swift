import NIOCore
import HerdCore

/// Turns a reply body, chunk by chunk, into stream events: one per wire protocol.
///
/// A value type so that each stream owns its parser state outright.
protocol StreamDecoder: Sendable {
    /// Appends the events this chunk completes to `events`, in order. Throws a `HerdError` for
    /// protocol or server errors. A stream passes the same array for every chunk, emptied, rather
    /// than having one made per token.
    mutating func consume(_ chunk: ByteBuffer, into events: inout [StreamEvent]) throws
    /// The body ended; events still pending. Must not emit `.done` unless the end marker came.
    mutating func finish() throws -> [StreamEvent]
    /// `true` once the protocol's end marker (`[DONE]`, `done: true`) was seen and `.done` emitted.
    var isComplete: Bool { get }
    /// What the end marker is called, for "closed before …" messages.
    var endMarker: String { get }
}

extension StreamDecoder {
    /// Events completed by this chunk. Throws a `HerdError` for protocol or server errors.
    mutating func consume(_ chunk: ByteBuffer) throws -> [StreamEvent] {
        var events: [StreamEvent] = []
        try consume(chunk, into: &events)
        return events
    }
}
