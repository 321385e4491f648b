/// A scripted chat reply: what the fixture server sends, step by step, for one model.
public struct FixtureReply: Sendable {
    public enum Step: Sendable, Hashable {
        /// One content token, encoded as the protocol does (an SSE chunk or an NDJSON line).
        case token(String)
        /// Bytes written verbatim (garbage, a broken UTF-8 sequence, half a line).
        case raw([UInt8])
        /// Seconds to wait before the next step.
        case delay(Double)
        /// The protocol's end: OpenAI's finish chunk, usage and `[DONE]`; Ollama's `done: true` line.
        case end(finishReason: String)
        /// Closes the connection without finishing the body (a server that dies).
        case drop
        /// Stops sending but keeps the connection open (a hung server).
        case stall
    }

    /// The HTTP status; a non-2xx status sends `errorBody` instead of a stream.
    public var status: Int
    public var errorBody: String
    public var steps: [Step]
    /// Seconds before the response head is sent.
    public var headDelay: Double
    /// Every token's log-probability, sent when the request asks for `logprobs`: in
    /// `choices[0].logprobs.content` as llama-server does, in each line's `logprobs` as Ollama does; `nil`: none.
    public var logprob: Double?

    public init(status: Int = 200, errorBody: String = "", steps: [Step], headDelay: Double = 0) {
        self.status = status
        self.errorBody = errorBody
        self.steps = steps
        self.headDelay = headDelay
    }

    /// Streams `tokens` (with `delay` seconds before each) and ends normally.
    public static func tokens(_ tokens: [String], delay: Double = 0, finishReason: String = "stop") -> FixtureReply {
        var steps: [Step] = []
        for t in tokens {
            if delay > 0 { steps.append(.delay(delay)) }
            steps.append(.token(t))
        }
        steps.append(.end(finishReason: finishReason))
        return FixtureReply(steps: steps)
    }

    /// An HTTP error with a body.
    public static func error(status: Int, body: String) -> FixtureReply {
        FixtureReply(status: status, errorBody: body, steps: [])
    }

    /// The same reply, but the connection drops right after the `n`-th token.
    public func droppingAfter(_ n: Int) -> FixtureReply {
        var r = self
        r.steps = Array(prefix(tokens: n)) + [.drop]
        return r
    }

    /// The same reply, but the server goes silent (connection open) after the `n`-th token.
    public func stallingAfter(_ n: Int) -> FixtureReply {
        var r = self
        r.steps = Array(prefix(tokens: n)) + [.stall]
        return r
    }

    /// The same reply with raw bytes written after the `n`-th token.
    public func inserting(_ bytes: [UInt8], afterToken n: Int) -> FixtureReply {
        var r = self
        let head = prefix(tokens: n)
        r.steps = Array(head) + [.raw(bytes)] + Array(steps.dropFirst(head.count))
        return r
    }

    /// The same reply with a raw text line written after the `n`-th token.
    public func inserting(line: String, afterToken n: Int) -> FixtureReply {
        inserting(Array((line + "\n").utf8), afterToken: n)
    }

    /// Steps up to and including the `n`-th token.
    private func prefix(tokens n: Int) -> ArraySlice<Step> {
        var seen = 0
        for (i, s) in steps.enumerated() {
            if seen == n { return steps[..<i] }
            if case .token = s { seen += 1 }
        }
        return steps[...]
    }
}
