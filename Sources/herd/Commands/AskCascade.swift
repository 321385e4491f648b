import Foundation
import HerdCore
import HerdSession
import HerdTUI

/// `herd ask --cascade` (or `routing = "cascade"` in the config): the cheapest member confident enough
/// answers first; a weak answer (empty, truncated, a refusal, a low mean log-probability: `WeakAnswer`)
/// goes to the next member by utility, as in the chat (`CascadePolicy`). Each answer streams to stdout as
/// it comes, a later one on a paragraph of its own; why each step escalated goes to stderr.
enum AskCascade {
    static func run(path: ReplyPath, prompt: String, decision: Decision, thresholds: [String: Double],
                    options: GenerationOptions, json: Bool, announce: Bool) async throws {
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
            if announce, !json { AskSink.announce(name, mode: d.mode, confidence: d.scores[index].confidence) }
            let sink = AskSink(start: start, echo: !json)
            var failure: Error?
            do {
                let request = ChatRequest(model: member.modelID, messages: [ChatMessage(role: .user, content: prompt)],
                                          options: options, logprobs: true)
                try await path.stream(request, from: name) { sink.take($0) }
            } catch {
                failure = error
            }
            let (text, summary, _) = sink.result
            let weak = failure.map { "failed: \($0)" } ?? WeakAnswer.reason(text: text, summary: summary)
            var md = d
            md.chosen = name
            last = (sink.answer(name, member: member, failure: failure, decision: md), failure)
            steps.append(AskCascadeStep(member: name, text: text, weak: weak))
            guard let next = CascadePolicy.escalation(d.scores, asked: asked, current: name, weak: weak, steps: steps.count) else {
                if let weak, !json { FileHandle.standardError.write(Data("\nherd: \(name): \(InertText.string(weak)) (no stronger member left)\n".utf8)) }
                break
            }
            if !json {
                FileHandle.standardError.write(Data("\nherd: ↪ \(name): \(InertText.string(weak ?? "")) → asking \(d.scores[next].member)\n".utf8))
                StandardOutput.write(text.isEmpty ? "" : "\n\n")
            }
            index = next
        }
        guard let (answer, failure) = last else { return }
        var result = answer
        if json {
            result.cascade = steps
            try StandardOutput.jsonLine(result)
        } else if !result.text.hasSuffix("\n") {
            StandardOutput.write("\n")
        }
        // The last step failing is the command failing; an earlier one was answered by another member.
        if let error = failure { throw error }
    }
}

/// One member's turn in `herd ask --cascade --json`.
struct AskCascadeStep: Codable {
    var member: String
    var text: String
    /// Why the answer went on to another member (or would have, with one left); `nil` when it was kept.
    var weak: String?
}
