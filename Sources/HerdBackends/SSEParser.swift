import NIOCore

/// An incremental Server-Sent Events parser (the WHATWG "event stream" format), pure and socket-free.
///
/// Feed it the bytes as they arrive, in chunks split anywhere (even inside a CRLF or a multi-byte
/// character); it returns the events each chunk completes. Lines end with LF, CRLF or CR; `:` lines
/// are comments; several `data:` lines form one multi-line event. Text is decoded as UTF-8 with
/// invalid sequences replaced (U+FFFD), so a bad byte never ends a stream; since line breaks never
/// occur inside a UTF-8 sequence, a character split across chunks is decoded whole.
///
/// Unlike a browser, it rejects lines that are neither a comment nor a known field, because a
/// model server that sends them is broken and saying so beats silently dropping text.
public struct SSEParser: Sendable {
    /// Longest line accepted before the stream is declared malformed (guards memory).
    public var maxLineBytes: Int

    private var buffer: [UInt8] = []
    /// After a CR line end, an LF at the start of the next chunk belongs to the same line end.
    private var skipLF = false
    private var lineNumber = 0
    private var dataLines: [String] = []
    private var hasData = false
    private var dataLine = 0
    private var eventType: String?
    private var lastID: String?
    private var retry: Int?

    /// `true` once `data: [DONE]` was seen.
    public private(set) var sawDone = false

    public init(maxLineBytes: Int = 8 << 20) {
        self.maxLineBytes = maxLineBytes
        buffer.reserveCapacity(4096)
    }

    /// Feeds a chunk; returns the events it completes, in order.
    public mutating func feed(_ chunk: ByteBuffer) throws(StreamParseError) -> [SSEEvent] {
        var events: [SSEEvent] = []
        try feed(chunk, into: &events)
        return events
    }

    /// Feeds a chunk; appends the events it completes to `events`, in order (a stream reuses one
    /// array rather than making one per token).
    public mutating func feed(_ chunk: ByteBuffer, into events: inout [SSEEvent]) throws(StreamParseError) {
        try chunk.withUnsafeReadableBytes { (raw) throws(StreamParseError) in
            try feed(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count), into: &events)
        }
    }

    /// Feeds a chunk; returns the events it completes, in order.
    public mutating func feed(_ chunk: [UInt8]) throws(StreamParseError) -> [SSEEvent] {
        try chunk.withUnsafeBufferPointer { (p) throws(StreamParseError) -> [SSEEvent] in try feed(p) }
    }

    /// Feeds a chunk of UTF-8 text (for tests and recorded streams).
    public mutating func feed(_ text: String) throws(StreamParseError) -> [SSEEvent] {
        try feed(Array(text.utf8))
    }

    /// Feeds a chunk; returns the events it completes, in order.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws(StreamParseError) -> [SSEEvent] {
        var events: [SSEEvent] = []
        try feed(chunk, into: &events)
        return events
    }

    /// Feeds a chunk; appends the events it completes to `events`, in order.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) throws(StreamParseError) {
        var start = 0
        var i = 0
        let n = chunk.count
        if skipLF, n > 0 {
            skipLF = false
            if chunk[0] == 0x0A { start = 1; i = 1 }
        }
        while i < n {
            let b = chunk[i]
            if b == 0x0A || b == 0x0D {
                if buffer.isEmpty {
                    try processLine(UnsafeBufferPointer(rebasing: chunk[start..<i]), into: &events)
                } else {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<i]))
                    let line = buffer
                    buffer.removeAll(keepingCapacity: true)
                    try line.withUnsafeBufferPointer { (p) throws(StreamParseError) in try processLine(p, into: &events) }
                }
                if b == 0x0D {
                    if i + 1 < n {
                        if chunk[i + 1] == 0x0A { i += 1 }
                    } else {
                        skipLF = true
                    }
                }
                i += 1
                start = i
            } else {
                i += 1
            }
        }
        if start < n {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<n]))
            if buffer.count > maxLineBytes {
                let text = String(decoding: buffer.prefix(80), as: UTF8.self)
                throw StreamParseError(.sse, line: lineNumber + 1, text: text, reason: "line longer than \(maxLineBytes) bytes")
            }
        }
    }

    /// Ends the input. A last line without a line break is processed, and an event without its
    /// closing blank line is still dispatched (some servers close right after `data: [DONE]`).
    public mutating func finish() throws(StreamParseError) -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !buffer.isEmpty {
            let line = buffer
            buffer.removeAll()
            try line.withUnsafeBufferPointer { (p) throws(StreamParseError) in try processLine(p, into: &events) }
        }
        dispatch(into: &events)
        return events
    }

    private mutating func processLine(_ line: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) throws(StreamParseError) {
        lineNumber += 1
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == 0x3A { return }  // ":" comment (keep-alives, OpenRouter's ": PROCESSING")
        var colon = -1
        for j in 0..<line.count where line[j] == 0x3A {
            colon = j
            break
        }
        let nameBytes = colon >= 0 ? UnsafeBufferPointer(rebasing: line[0..<colon]) : line
        var valueStart = colon >= 0 ? colon + 1 : line.count
        if valueStart < line.count, line[valueStart] == 0x20 { valueStart += 1 }
        let valueBytes = UnsafeBufferPointer(rebasing: line[valueStart..<line.count])
        switch Field(nameBytes) {
        case .data:
            dataLines.append(String(decoding: valueBytes, as: UTF8.self))
            hasData = true
            dataLine = lineNumber
        case .event:
            eventType = String(decoding: valueBytes, as: UTF8.self)
        case .id:
            lastID = String(decoding: valueBytes, as: UTF8.self)
        case .retry:
            retry = Int(String(decoding: valueBytes, as: UTF8.self))
        case .error:
            eventType = "error"
            dataLines.append(String(decoding: valueBytes, as: UTF8.self))
            hasData = true
            dataLine = lineNumber
        case .unknown:
            let text = String(decoding: line.prefix(120), as: UTF8.self)
            let reason = colon >= 0
                ? "unknown field (expected data, event, id, retry or a ':' comment)"
                : "not a 'field: value' line (expected data:, event:, id:, retry: or a ':' comment)"
            throw StreamParseError(.sse, line: lineNumber, text: text, reason: reason)
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            dataLines.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
            retry = nil
        }
        guard hasData else { return }
        let data = dataLines.count == 1 ? dataLines[0] : dataLines.joined(separator: "\n")
        if data == "[DONE]" { sawDone = true }
        events.append(SSEEvent(event: eventType, data: data, id: lastID, retry: retry, line: dataLine))
    }

    private enum Field {
        case data, event, id, retry, error, unknown

        init(_ b: UnsafeBufferPointer<UInt8>) {
            // d a t a / e v e n t / i d / r e t r y / e r r o r, compared bytewise to avoid a String per line.
            switch b.count {
            case 4 where b[0] == 0x64 && b[1] == 0x61 && b[2] == 0x74 && b[3] == 0x61: self = .data
            case 5 where b[0] == 0x65 && b[1] == 0x76 && b[2] == 0x65 && b[3] == 0x6E && b[4] == 0x74: self = .event
            case 2 where b[0] == 0x69 && b[1] == 0x64: self = .id
            case 5 where b[0] == 0x72 && b[1] == 0x65 && b[2] == 0x74 && b[3] == 0x72 && b[4] == 0x79: self = .retry
            case 5 where b[0] == 0x65 && b[1] == 0x72 && b[2] == 0x72 && b[3] == 0x6F && b[4] == 0x72: self = .error
            default: self = .unknown
            }
        }
    }
}
