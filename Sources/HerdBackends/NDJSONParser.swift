import NIOCore

/// An incremental splitter of newline-delimited JSON (Ollama's streaming format), pure and socket-free.
///
/// Feed it bytes in chunks split anywhere; it returns the complete, non-blank lines (LF or CRLF
/// ends a line). Text is decoded as UTF-8 with invalid sequences replaced, so a bad byte never
/// ends a stream; a multi-byte character split across chunks is kept whole because it is only
/// decoded once its line is complete. Decoding each line as JSON is the caller's step
/// (`NDJSONLine.decode`), so errors carry the line number.
public struct NDJSONParser: Sendable {
    /// Longest line accepted before the stream is declared malformed (guards memory).
    public var maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var lineNumber = 0

    public init(maxLineBytes: Int = 8 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds a chunk; returns the lines it completes, in order.
    public mutating func feed(_ chunk: ByteBuffer) throws(StreamParseError) -> [NDJSONLine] {
        try chunk.withUnsafeReadableBytes { (raw) throws(StreamParseError) -> [NDJSONLine] in
            try feed(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        }
    }

    /// Feeds a chunk; returns the lines it completes, in order.
    public mutating func feed(_ chunk: [UInt8]) throws(StreamParseError) -> [NDJSONLine] {
        try chunk.withUnsafeBufferPointer { (p) throws(StreamParseError) -> [NDJSONLine] in try feed(p) }
    }

    /// Feeds a chunk of text (for tests and recorded streams).
    public mutating func feed(_ text: String) throws(StreamParseError) -> [NDJSONLine] {
        try feed(Array(text.utf8))
    }

    /// Feeds a chunk; returns the lines it completes, in order.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws(StreamParseError) -> [NDJSONLine] {
        var lines: [NDJSONLine] = []
        var start = 0
        for i in 0..<chunk.count where chunk[i] == 0x0A {
            if buffer.isEmpty {
                emit(UnsafeBufferPointer(rebasing: chunk[start..<i]), into: &lines)
            } else {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<i]))
                let line = buffer
                buffer.removeAll(keepingCapacity: true)
                line.withUnsafeBufferPointer { emit($0, into: &lines) }
            }
            start = i + 1
        }
        if start < chunk.count {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<chunk.count]))
            if buffer.count > maxLineBytes {
                throw StreamParseError(.ndjson, line: lineNumber + 1, text: String(decoding: buffer.prefix(80), as: UTF8.self),
                                       reason: "line longer than \(maxLineBytes) bytes")
            }
        }
        return lines
    }

    /// Ends the input; returns a last line that had no line break.
    public mutating func finish() -> [NDJSONLine] {
        var lines: [NDJSONLine] = []
        guard !buffer.isEmpty else { return lines }
        let rest = buffer
        buffer.removeAll()
        rest.withUnsafeBufferPointer { emit($0, into: &lines) }
        return lines
    }

    private mutating func emit(_ raw: UnsafeBufferPointer<UInt8>, into lines: inout [NDJSONLine]) {
        var line = raw
        if let last = line.last, last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        lineNumber += 1
        if line.isEmpty { return }
        // Blank lines (only spaces/tabs) are skipped: JSON never needs them and some proxies add them.
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        lines.append(NDJSONLine(number: lineNumber, text: String(decoding: line, as: UTF8.self)))
    }
}
