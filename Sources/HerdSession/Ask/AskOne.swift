import Foundation
import HerdCore
import Synchronization

/// `herd ask` without `--compare` or `--cascade`: the decision's member answers, streamed to the
/// answer's stream as it comes (or as one JSON line), a move to another replica noted on stderr.
public enum AskOne {
    /// Asks `decision.chosen` and prints the answer to `output`.
    ///
    /// - Parameters:
    ///   - pinned: the member was named (`--model`): the "→ member" line shows no confidence.
    ///   - fromCache: the servers are remembered ones (`KnownServers`); a failure before the first
    ///     token then throws `AskAttempt.staleServers` with nothing printed, so that the caller can
    ///     discover the servers and ask again.
    ///   - announce: print the notices (the member asked, options it drops); not again when the
    ///     answer is asked a second time.
    /// - Throws: what the stream failed with, once the partial answer is printed.
    public static func run(path: ReplyPath, prompt: String, decision: Decision, pinned: Bool, options: GenerationOptions,
                           json: Bool, fromCache: Bool, announce: Bool, output: any AskOutput) async throws {
        let (member, _) = try path.server(for: decision.chosen)
        let request = ChatRequest(model: member.modelID, messages: [ChatMessage(role: .user, content: prompt)], options: options)
        if announce, !json {
            AskSink.announce(member.name, mode: decision.mode, confidence: pinned ? nil : decision.score(of: member.name)?.confidence, to: output)
        }
        for setting in announce ? path.unsent(request, to: member.name) : [] {
            output.notice("herd: \(setting.key) is not sent to \(member.endpoint.name): an OpenAI-compatible server fixes it when it starts (llama-server -c N)\n")
        }
        let sink = AskSink(start: ContinuousClock.now, echo: json ? nil : output)
        var failure: Error?
        let steps = Mutex<[String]>([])
        do {
            // Tokens go out from the task that reads the socket: no hop per token.
            try await path.stream(request, from: member.name, onStep: { step in
                steps.withLock { $0.append(step.text) }
                // On a line of its own, so that the answer's stream stays the answer alone.
                if !json { output.notice("\nherd: ↪ \(step.text)\n") }
            }) { sink.take($0) }
        } catch {
            failure = error
        }
        let (text, _, firstToken) = sink.result
        if fromCache, failure != nil, firstToken == nil { throw AskAttempt.staleServers }
        if json {
            var result = sink.answer(member.name, member: member, failure: failure, decision: decision)
            result.failovers = steps.withLock { $0.isEmpty ? nil : $0 }
            try output.jsonLine(result)
        } else if !text.hasSuffix("\n") {
            output.answer("\n")
        }
        if let failure { throw failure }
    }
}
