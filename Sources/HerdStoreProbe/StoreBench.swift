import Foundation
import HerdCore
import HerdStore

/// Timings of the store's hot paths on a history of 10 000 messages. Figures, not assertions.
enum StoreBench {
    static let words = ("the a of to and in is it that for on with as was by this be are from or at an which "
        + "derivative integral python function error compile server model router answer question llama qwen "
        + "matrix vector proof theorem lemma swift struct enum async await token stream cache latency").split(separator: " ")

    static func run(dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/bench.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var rng = SplitMix(seed: 42)
        func text(_ n: Int) -> String { (0..<n).map { _ in String(words[Int(rng.next() % UInt64(words.count))]) }.joined(separator: " ") }

        var store = try Store.open(path: path)
        let conversations = 1000, perConversation = 10
        let fill = try time {
            for _ in 0..<conversations {
                var c = Conversation()
                for j in 0..<perConversation {
                    let user = j % 2 == 0
                    c.messages.append(Message(role: user ? .user : .assistant, text: text(user ? 15 : 100),
                                              member: user ? nil : "tiny-b", decision: user ? nil : decision()))
                }
                try store.createConversation(c)
            }
        }
        print(String(format: "fill: %d conversations × %d messages in %.2f s (%.0f messages/s, one transaction per conversation)",
                     conversations, perConversation, fill, Double(conversations * perConversation) / fill))

        // A reply growing token by token, upserted at every token (the writer does it 4×/s; this is the worst case).
        let conversation = Conversation()
        try store.createConversation(conversation)
        var reply = Message(role: .assistant, text: "", member: "tiny-b", status: .streaming, decision: decision())
        try growing("upsertMessage, streaming text", next: { text(4) + " " }) { tokens in
            reply.text += tokens
            try store.upsertMessage(reply, conversation: conversation.id, position: 0)
        }

        // The same reply as the TUI writes it: its new tokens appended (`SaveCoalescer`, once a frame),
        // then its final state saved once, which is when the full-text index takes it.
        let appended = Conversation()
        try store.createConversation(appended)
        var streaming = Message(role: .assistant, text: "", member: "tiny-b", status: .streaming, decision: decision())
        try store.upsertMessage(streaming, conversation: appended.id, position: 0)
        try growing("append to a streaming reply, text", next: { text(4) + " " }) { tokens in
            streaming.text += tokens
            try store.append(tokens, toStreamingMessage: streaming.id)
        }
        streaming.status = .complete
        let ended = try time { try store.upsertMessage(streaming, conversation: appended.id, position: 0) }
        print(String(format: "its final state saved (16 KB, indexed for search): %.0f µs", ended * 1e6))

        store = try Store.open(path: path)  // drop the old one's pool before timing opens
        var opens: [Double] = []
        for _ in 0..<5 { opens.append(try time { store = try Store.open(path: path) }) }
        print(String(format: "open (migrations checked, quick_check) with %d messages: %.1f ms (median of 5)",
                     conversations * perConversation, median(opens) * 1e3))

        for query in ["derivative", "python function", "llam", "theorem proof swift"] {
            var hits = 0
            let runs = (0..<5).map { _ in (try? time { hits = try store.conversations(search: query).count }) ?? .nan }
            print(String(format: "search \"%@\": %d conversations in %.1f ms (median of 5)", query, hits, median(runs) * 1e3))
        }
        let list = try (0..<5).map { _ in try time { _ = try store.conversations(search: nil) } }
        print(String(format: "list all %d conversations: %.1f ms (median of 5)", conversations + 1, median(list) * 1e3))
        let last = try (0..<5).map { _ in try time { _ = try store.lastConversation() } }
        print(String(format: "lastConversation: %.2f ms (median of 5)", median(last) * 1e3))
        let mark = try time { _ = try store.markInterruptedStreams() }
        print(String(format: "markInterruptedStreams: %.2f ms", mark * 1e3))
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("file: \(path), \(size / 1024) KiB")
    }

    static func decision() -> Decision {
        Decision(scores: [Decision.Score(member: "tiny-a", confidence: 0.4, utility: 0.3),
                          Decision.Score(member: "tiny-b", confidence: 0.7, utility: 0.5),
                          Decision.Score(member: "tiny-c", confidence: 0.5, utility: 0.1)],
                 chosen: "tiny-b", runnerUp: "tiny-c", lambda: 0.3, mode: .auto, reason: "bench", micros: 40,
                 routerVersion: "bench")
    }

    /// Times `write` for each piece `next` gives until 16 KB were written, and prints the mean per
    /// call while the text was at most 1, 4 and 16 KB.
    static func growing(_ label: String, next: () -> String, write: (String) throws -> Void) throws {
        var buckets: [(limit: Int, total: Double, n: Int)] = [(1024, 0, 0), (4096, 0, 0), (16384, 0, 0)]
        var bytes = 0
        while bytes < 16384 {
            let piece = next()
            bytes += piece.utf8.count
            let t = try time { try write(piece) }
            if let b = buckets.firstIndex(where: { bytes <= $0.limit }) {
                buckets[b].total += t
                buckets[b].n += 1
            }
        }
        for b in buckets where b.n > 0 {
            print(String(format: "%@ ≤ %5d bytes: %.0f µs per call (mean of %d)", label, b.limit, b.total / Double(b.n) * 1e6, b.n))
        }
    }

    static func time(_ body: () throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
}
