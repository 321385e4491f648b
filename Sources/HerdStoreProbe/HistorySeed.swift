import Foundation
import HerdCore
import HerdStore

/// A history to start `herd` on: N messages spread evenly over C conversations (the last one
/// written is the one `herd` resumes), for the TUI's memory figure.
enum HistorySeed {
    static func run(db: String, messages: Int, conversations: Int = 1) throws {
        let store = try Store.open(path: db)
        var rng = SplitMix(seed: 7)
        func text(_ n: Int) -> String {
            (0..<n).map { _ in String(StoreBench.words[Int(rng.next() % UInt64(StoreBench.words.count))]) }.joined(separator: " ")
        }
        let per = max(1, messages / max(1, conversations))
        var written = 0
        while written < messages {
            var c = Conversation(title: "seeded history \(written / per)")
            for j in 0..<min(per, messages - written) {
                let user = j % 2 == 0
                c.messages.append(Message(role: user ? .user : .assistant, text: text(user ? 15 : 100),
                                          member: user ? nil : "tiny-b", decision: user ? nil : StoreBench.decision()))
            }
            try store.createConversation(c)
            written += c.messages.count
        }
        print("seeded \(messages) messages in \(conversations) conversations into \(db)")
    }
}
