import Foundation
import HerdCore
import NIOCore

/// Decodes an OpenAI-compatible SSE chat stream (llama-server, vLLM, LM Studio) into events.
struct OpenAIStreamDecoder: StreamDecoder {
    let server: String
    private var parser = SSEParser()
    /// The events of the chunk being consumed (kept, emptied, between chunks).
    private var pending: [SSEEvent] = []
    private var finishReason: String?
    private var usage: OpenAIChunk.Usage?
    private var timings: OpenAIChunk.Timings?
    /// Sum and count of the tokens' log-probabilities, when the server sent them.
    private var logprobs = LogprobMean()
    private(set) var isComplete = false
    var endMarker: String { "data: [DONE]" }

    init(server: String) {
        self.server = server
    }

    mutating func consume(_ chunk: ByteBuffer, into out: inout [StreamEvent]) throws {
        defer { pending.removeAll(keepingCapacity: true) }
        do {
            try parser.feed(chunk, into: &pending)
        } catch {
            throw HerdError.protocolError(server: server, cause: error.description)
        }
        try handle(pending, into: &out)
    }

    mutating func consume(_ bytes: [UInt8]) throws -> [StreamEvent] {
        let events: [SSEEvent]
        do {
            events = try parser.feed(bytes)
        } catch {
            throw HerdError.protocolError(server: server, cause: error.description)
        }
        var out: [StreamEvent] = []
        try handle(events, into: &out)
        return out
    }

    mutating func finish() throws -> [StreamEvent] {
        let events: [SSEEvent]
        do {
            events = try parser.finish()
        } catch {
            throw HerdError.protocolError(server: server, cause: error.description)
        }
        var out: [StreamEvent] = []
        try handle(events, into: &out)
        return out
    }

    private mutating func handle(_ events: [SSEEvent], into out: inout [StreamEvent]) throws {
        for e in events {
            if isComplete { break }
            if e.isDone {
                isComplete = true
                out.append(.done(summary))
                break
            }
            if e.event == "error" {
                let msg = ServerErrorBody.message(in: Data(e.data.utf8)) ?? e.data
                throw HerdError.serverError(server: server, message: msg)
            }
            let chunk = try decode(e)
            if let err = chunk.error { throw HerdError.serverError(server: server, message: err.message) }
            if let u = chunk.usage { usage = u }
            if let t = chunk.timings { timings = t }
            if let choice = chunk.choices?.first {
                if let text = choice.delta?.content ?? choice.text, !text.isEmpty { out.append(.token(text)) }
                if let r = choice.finish_reason { finishReason = r }
                for entry in choice.logprobs?.content ?? [] { logprobs.add(entry.logprob) }
            }
        }
    }

    private func decode(_ e: SSEEvent) throws -> OpenAIChunk {
        // The usual chunk is read without Foundation's decoder (most of a token's decoding time);
        // anything unusual, and every error, goes the reference way below.
        if let chunk = OpenAIChunk.scan(e.data) { return chunk }
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(OpenAIChunk.self, from: Data(e.data.utf8))
        } catch {
            let repaired = JSONRepair.replacingLoneSurrogates(e.data)
            if repaired != e.data, let c = try? decoder.decode(OpenAIChunk.self, from: Data(repaired.utf8)) { return c }
            let unread = StreamParseError(.sse, line: e.line, text: String(e.data.prefix(120)), reason: NDJSONLine.explain(error))
            throw HerdError.protocolError(server: server, cause: unread.description)
        }
    }

    private var summary: StreamSummary {
        StreamSummary(
            finishReason: finishReason,
            promptTokens: usage?.prompt_tokens ?? timings?.prompt_n,
            completionTokens: usage?.completion_tokens ?? timings?.predicted_n,
            generationSeconds: timings?.predicted_ms.map { $0 / 1000 },
            meanLogprob: logprobs.mean)
    }
}
