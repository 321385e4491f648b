import Foundation
import HerdCore
import HerdTUI

/// `herd ask --cascade` (or `routing = "cascade"` in the config): the cheapest member confident enough
/// answers first; a weak answer (empty, truncated, a refusal, a low mean log-probability: `WeakAnswer`)
/// goes to the next member by utility, as in the chat (`CascadePolicy`). Each answer streams to stdout as
/// it comes, a later one on a paragraph of its own; why each step escalated goes to stderr.
public enum AskCascade {
    /// Runs the cascade for `prompt` from `decision`'s scores and prints it to `output`: the answers
    /// as they stream, or with `json` one line with the answer kept and every step.
    /// - Throws: what the last step failed with (an earlier failure moves on to the next member).
    public static func run(path: ReplyPath, prompt: String, decision: Decision, thresholds: [String: Double],
                           options: GenerationOptions, json: Bool, announce: Bool, output: any AskOutput) async throws {
        var d = decision
        d.mode = .cascade
        guard var index = CascadePolicy.first(d.scores, thresholds: thresholds) else {
            throw HerdError.noMembers("no reachable member can take the message")
        }
        let start = ContinuousClock.now
        var steps: [AskCascadeStep] = []
        var asked: Set<String> = []
        var last: (AskResult, Error?)?
        while true {
            let name = d.scores[index].member
            asked.insert(name)
            let (member, _) = try path.server(for: name)
            if announce, !json { AskSink.announce(name, mode: d.mode, confidence: d.scores[index].confidence, to: output) }
            let sink = AskSink(start: start, echo: json ? nil : output)
            var failure: Error?
            do {
                let request = ChatRequest(model: member.modelID, messages: [ChatMessage(role: .user, content: prompt)],
                                          options: options, logprobs: true)
                try await path.stream(request, from: name) { sink.take($0) }
            } catch {
                failure = error
            }
            let (text, summary, _) = sink.result
            let weak = failure.map { "failed: \($0)" }
                ?? WeakAnswer.reason(text: text, summary: summary, logprobThreshold: WeakAnswer.logprobThreshold(of: member))
            last = (sink.answer(name, member: member, failure: failure, decision: d), failure)
            steps.append(AskCascadeStep(member: name, text: text, weak: weak))
            guard let next = CascadePolicy.escalation(d.scores, asked: asked, current: name, weak: weak, steps: steps.count) else {
                if let weak, !json { output.notice("\nherd: \(name): \(InertText.string(weak)) (no stronger member left)\n") }
                break
            }
            if !json {
                output.notice("\nherd: ↪ \(name): \(InertText.string(weak ?? "")) → asking \(d.scores[next].member)\n")
                if !text.isEmpty { output.answer("\n\n") }
            }
            index = next
        }
        guard let (answer, failure) = last else { return }
        var result = answer
        if json {
            result.cascade = steps
            try output.jsonLine(result)
        } else if !result.text.hasSuffix("\n") {
            output.answer("\n")
        }
        // The last step failing is the command failing; an earlier one was answered by another member.
        if let error = failure { throw error }
    }
}
