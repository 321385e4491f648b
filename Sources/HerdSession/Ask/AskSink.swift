import Foundation
import HerdCore

/// Collects a streamed answer and echoes its tokens to the answer's stream as they come (made
/// inert for the terminal).
public final class AskSink: @unchecked Sendable {
    private let lock = NSLock()
    private let start: ContinuousClock.Instant
    private let output: (any AskOutput)?
    private var text = ""
    private var summary = StreamSummary()
    private var firstToken: Duration?

    /// - Parameter echo: where tokens go as they come; `nil` to only collect them (`--json`, `--compare`).
    public init(start: ContinuousClock.Instant, echo: (any AskOutput)?) {
        self.start = start
        self.output = echo
    }

    public func take(_ event: StreamEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case let .token(t):
            if firstToken == nil { firstToken = ContinuousClock.now - start }
            text += t
            output?.answer(InertText.string(t))
        case let .done(s):
            summary = s
        }
    }

    public var result: (text: String, summary: StreamSummary, firstToken: Duration?) {
        lock.withLock { (text, summary, firstToken) }
    }

    /// The answer as `--json` prints it: from the member called `name` (`member` when it was found),
    /// timed from the sink's start to now, with the decision it was asked under, `name` as its choice
    /// (a cascade's step or a compared column answers for a member the router did not pick first).
    public func answer(_ name: String, member: Member?, failure: Error?, decision: Decision) -> AskResult {
        var decision = decision
        decision.chosen = name
        let (text, summary, first) = result
        return AskResult(member: name, model: member?.modelID ?? name, server: member?.endpoint.baseURL ?? "", text: text,
                         finishReason: summary.finishReason, completionTokens: summary.completionTokens,
                         seconds: Self.seconds(ContinuousClock.now - start), firstTokenSeconds: first.map(Self.seconds),
                         error: failure.map { "\($0)" }, decision: decision)
    }

    /// "→ member (mode 0.42)" when notices reach a terminal: who answers, and how sure the router is.
    public static func announce(_ name: String, mode: Decision.Mode, confidence: Double?, to output: any AskOutput) {
        guard output.noticesToTerminal else { return }
        let conf = confidence.map { String(format: " %.2f", $0) } ?? ""
        output.notice("→ \(name) (\(mode.rawValue)\(conf))\n")
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
