import Foundation
import HerdCore
import NIOCore

/// Decodes Ollama's NDJSON `/api/chat` stream into events; `done: true` ends it.
struct OllamaStreamDecoder: StreamDecoder {
    let server: String
    private var parser = NDJSONParser()
    private(set) var isComplete = false
    private var logprobs = LogprobMean()
    var endMarker: String { "a line with \"done\": true" }

    init(server: String) {
        self.server = server
    }

    mutating func consume(_ chunk: ByteBuffer, into events: inout [StreamEvent]) throws {
        let lines: [NDJSONLine]
        do {
            lines = try parser.feed(chunk)
        } catch {
            throw HerdError.protocolError(server: server, cause: error.description)
        }
        events.append(contentsOf: try handle(lines))
    }

    mutating func consume(_ bytes: [UInt8]) throws -> [StreamEvent] {
        let lines: [NDJSONLine]
        do {
            lines = try parser.feed(bytes)
        } catch {
            throw HerdError.protocolError(server: server, cause: error.description)
        }
        return try handle(lines)
    }

    mutating func finish() throws -> [StreamEvent] {
        try handle(parser.finish())
    }

    private mutating func handle(_ lines: [NDJSONLine]) throws -> [StreamEvent] {
        var out: [StreamEvent] = []
        for line in lines {
            if isComplete { break }
            let l: OllamaWire.ChatLine
            do {
                l = try line.decode(OllamaWire.ChatLine.self)
            } catch {
                let repaired = NDJSONLine(number: line.number, text: JSONRepair.replacingLoneSurrogates(line.text))
                guard repaired.text != line.text, let r = try? repaired.decode(OllamaWire.ChatLine.self) else {
                    throw HerdError.protocolError(server: server, cause: error.description)
                }
                l = r
            }
            if let e = l.error { throw HerdError.serverError(server: server, message: e.message) }
            if let text = l.message?.content ?? l.response, !text.isEmpty { out.append(.token(text)) }
            for entry in l.logprobs ?? [] { logprobs.add(entry.logprob) }
            guard let done = l.done else {
                let error = StreamParseError(.ndjson, line: line.number, text: String(line.text.prefix(120)), reason: "no \"done\" field")
                throw HerdError.protocolError(server: server, cause: error.description)
            }
            if done {
                isComplete = true
                out.append(.done(StreamSummary(
                    finishReason: l.done_reason, promptTokens: l.prompt_eval_count, completionTokens: l.eval_count,
                    generationSeconds: l.eval_duration.map { $0 / 1e9 },
                    meanLogprob: logprobs.mean)))
            }
        }
        return out
    }
}
