import Foundation
import HerdBackends
import HerdCore
import HerdTUI

/// `herd ask --compare K`: the router's top K members answer at once (within each server's slots);
/// every answer is printed, each under its member, in the router's order (or as one JSON object).
public enum AskCompare {
    /// Asks the router's top `width` members of `decision` and prints their answers to `output`.
    /// - Throws: when fewer than two members can take the message, or when every member failed.
    public static func run(path: ReplyPath, prompt: String, decision: Decision, width: Int, options: GenerationOptions,
                           json: Bool, output: any AskOutput) async throws {
        let d = { var d = decision; d.mode = .compare; return d }()
        let names = CompareRound.members(d, k: width)
        guard names.count >= 2 else {
            throw HerdError.noMembers("compare needs two reachable members; \(names.count) can take the message")
        }
        let gate = SlotGate()
        let start = ContinuousClock.now
        let results = await withTaskGroup(of: (Int, AskResult).self) { group -> [AskResult] in
            for (i, name) in names.enumerated() {
                group.addTask {
                    let sink = AskSink(start: start, echo: nil)
                    var failure: Error?
                    var member: Member?
                    do {
                        let (m, _) = try path.server(for: name)
                        member = m
                        let key = m.endpoint.baseURL + "#" + m.modelID
                        try await gate.acquire(key, limit: { await ServerSlots.probe(m.endpoint, model: m.modelID) })
                        defer { gate.release(key) }
                        let request = ChatRequest(model: m.modelID, messages: [ChatMessage(role: .user, content: prompt)], options: options)
                        try await path.stream(request, from: name) { sink.take($0) }
                    } catch {
                        failure = error
                    }
                    return (i, sink.answer(name, member: member, failure: failure, decision: d))
                }
            }
            var out: [(Int, AskResult)] = []
            for await r in group { out.append(r) }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
        if json {
            try output.jsonLine(AskCompareResult(prompt: prompt, answers: results, decision: d))
        } else {
            for (i, r) in results.enumerated() {
                var head = "── \(i + 1) \(r.member)"
                if let t = r.completionTokens { head += " · \(t) tok" }
                head += String(format: " · %.1f s", r.seconds)
                output.answer(head + " ──\n")
                output.answer(InertText.string(r.text))
                if let e = r.error { output.answer("\n✗ failed: \(InertText.string(e))") }
                output.answer("\n\n")
            }
        }
        if results.allSatisfy({ $0.error != nil }) { throw HerdError.other("every member failed: " + results.compactMap(\.error).joined(separator: "; ")) }
    }
}
