import NIOCore
import HerdCore

/// Turns a reply body, chunk by chunk, into stream events: one per wire protocol.
///
/// A value type so that each stream owns its parser state outright.
protocol StreamDecoder: Sendable {
    /// Events completed by this chunk. Throws a `HerdError` for protocol or server errors.
    mutating func consume(_ chunk: ByteBuffer) throws -> [StreamEvent]
    /// The body ended; events still pending. Must not emit `.done` unless the end marker came.
    mutating func finish() throws -> [StreamEvent]
    /// `true` once the protocol's end marker (`[DONE]`, `done: true`) was seen and `.done` emitted.
    var isComplete: Bool { get }
    /// What the end marker is called, for "closed before …" messages.
    var endMarker: String { get }
}
