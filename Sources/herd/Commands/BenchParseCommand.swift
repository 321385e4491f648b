import ArgumentParser
import Foundation
import HerdBackends
import HerdCore

/// `herd bench-parse` (hidden): the stream decoders' throughput on a recorded reply, stretched to
/// N tokens by repeating its token events (head and end kept as recorded). Used by scripts/bench-stream.
struct BenchParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-parse",
        abstract: "Measure the SSE and NDJSON stream decoders in tokens per second on recorded replies.",
        shouldDisplay: false)

    @Option(help: ArgumentHelp("A recorded OpenAI-compatible SSE reply body (e.g. curl -sN …/v1/chat/completions).", valueName: "FILE"))
    var sse: String?

    @Option(help: ArgumentHelp("A recorded Ollama NDJSON reply body (e.g. curl -sN …/api/chat).", valueName: "FILE"))
    var ndjson: String?

    @Option(help: "Tokens in the stretched stream.")
    var tokens: Int = 100_000

    @Option(help: "Timed runs per case (the median is reported).")
    var runs: Int = 5

    @Flag(help: "Print one JSON object per case.")
    var json = false

    func validate() throws {
        if sse == nil && ndjson == nil { throw ValidationError("give --sse FILE and/or --ndjson FILE") }
        if tokens < 1 || runs < 1 { throw ValidationError("--tokens and --runs must be positive") }
    }

    func run() throws {
        for (path, proto) in [(sse, ServerProtocol.openAI), (ndjson, .ollama)] {
            guard let path else { continue }
            let body = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            let events = Self.split(body, proto: proto)
            let stream = try Self.stretch(events, proto: proto, tokens: tokens, file: path)
            let bytes = stream.reduce(0) { $0 + $1.count }
            // Live streams arrive about one event per read; bulk is the same bytes in 64 KiB reads.
            let bulk = Self.rechunk(stream, size: 64 << 10)
            for (mode, chunks) in [("per-event", stream), ("64KiB", bulk)] {
                var times: [Double] = []
                for _ in 0..<runs { times.append(try Self.time(chunks, proto: proto, expect: tokens)) }
                times.sort()
                let median = times[times.count / 2]
                let line = BenchParseResult(protocol: proto == .openAI ? "sse" : "ndjson", chunks: mode, tokens: tokens, bytes: bytes,
                                            medianSeconds: median, minSeconds: times[0], maxSeconds: times[times.count - 1],
                                            tokensPerSecond: Double(tokens) / median, megabytesPerSecond: Double(bytes) / median / 1e6)
                if json {
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.sortedKeys]
                    print(String(decoding: try enc.encode(line), as: UTF8.self))
                } else {
                    let label = "\(line.protocol) \(mode)".padding(toLength: 17, withPad: " ", startingAt: 0)
                    print(label + String(format: "%d tokens, %.1f MB: median %.3f s (min %.3f, max %.3f) = %.0f tokens/s, %.0f MB/s",
                                         tokens, Double(bytes) / 1e6, median, times[0], times[times.count - 1],
                                         line.tokensPerSecond, line.megabytesPerSecond))
                }
            }
        }
    }

    /// The body cut into events: SSE events end with a blank line, NDJSON events with a newline.
    static func split(_ body: [UInt8], proto: ServerProtocol) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        var i = 0
        while i < body.count {
            if body[i] == 0x0A {
                let endsEvent = proto == .ollama || (i + 1 < body.count && body[i + 1] == 0x0A)
                    || (i >= 1 && body[i - 1] == 0x0A)
                if endsEvent {
                    let end = proto == .openAI && i + 1 < body.count && body[i + 1] == 0x0A ? i + 2 : i + 1
                    out.append(Array(body[start..<end]))
                    start = end
                    i = end
                    continue
                }
            }
            i += 1
        }
        if start < body.count { out.append(Array(body[start...])) }
        return out
    }

    /// head + token events repeated until `tokens` tokens + tail.
    static func stretch(_ events: [[UInt8]], proto: ServerProtocol, tokens: Int, file: String) throws -> [[UInt8]] {
        let carries = try events.map { e -> Bool in
            var d = RecordedStream(proto: proto)
            return try d.feed(e).contains { if case .token = $0 { true } else { false } }
        }
        guard let first = carries.firstIndex(of: true), let last = carries.lastIndex(of: true) else {
            throw ValidationError("\(file): no token events in the recording")
        }
        let body = (first...last).filter { carries[$0] }.map { events[$0] }
        var out = Array(events[..<first])
        out.reserveCapacity(tokens + events.count)
        for i in 0..<tokens { out.append(body[i % body.count]) }
        out += events[(last + 1)...]
        return out
    }

    static func rechunk(_ events: [[UInt8]], size: Int) -> [[UInt8]] {
        let all = events.flatMap { $0 }
        return stride(from: 0, to: all.count, by: size).map { Array(all[$0..<min($0 + size, all.count)]) }
    }

    /// Seconds to decode the chunks; checks the token count and the end marker.
    static func time(_ chunks: [[UInt8]], proto: ServerProtocol, expect: Int) throws -> Double {
        var d = RecordedStream(proto: proto)
        var n = 0
        var done = false
        let start = DispatchTime.now().uptimeNanoseconds
        for c in chunks {
            for e in try d.feed(c) {
                switch e {
                case .token: n += 1
                case .done: done = true
                }
            }
        }
        for e in try d.finish() { if case .done = e { done = true } }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard n == expect, done else {
            throw ValidationError("decoded \(n) tokens (expected \(expect)), end marker \(done ? "seen" : "missing")")
        }
        return seconds
    }
}

struct BenchParseResult: Encodable {
    var `protocol`: String
    var chunks: String
    var tokens: Int
    var bytes: Int
    var medianSeconds: Double
    var minSeconds: Double
    var maxSeconds: Double
    var tokensPerSecond: Double
    var megabytesPerSecond: Double
}
