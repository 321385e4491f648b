import Foundation
import HerdCore
import HerdStore

/// Plays a streaming reply into the store the way the TUI does, reporting what is shown and what is saved.
enum StreamProbe {
    static func run(db: String, count: Int, intervalMS: Int) async throws {
        let store = try Store.open(path: db)
        let conversation = Conversation(title: "probe", messages: [Message(role: .user, text: "stream please")])
        try store.createConversation(conversation)
        let decision = Decision(
            scores: [Decision.Score(member: "tiny-a", confidence: 0.3, utility: 0.2),
                     Decision.Score(member: "tiny-b", confidence: 0.8, utility: 0.6)],
            chosen: "tiny-b", runnerUp: "tiny-a", lambda: 0.3, mode: .auto, reason: "probe", micros: 12,
            routerVersion: "probe-1")
        let reply = Message(role: .assistant, text: "", member: "tiny-b", status: .streaming, decision: decision)
        ProbeOutput.line("conversation \(conversation.id.uuidString)")
        ProbeOutput.line("message \(reply.id.uuidString)")
        let writer = StreamingMessageWriter(store: store, conversation: conversation.id, position: 1, message: reply) {
            ProbeOutput.line("saved \($0.text.utf8.count)")
        }
        try await writer.start()
        for i in 0..<count {
            await writer.append("t\(i) ")
            ProbeOutput.line("shown \(i) \(ProbeOutput.monotonicNanos())")
            try await Task.sleep(for: .milliseconds(intervalMS))
        }
        try await writer.finish(status: .complete, completionTokens: count)
        ProbeOutput.line("done")
    }
}
