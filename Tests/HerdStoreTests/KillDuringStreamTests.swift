import Foundation
import HerdCore
import HerdStore
import Testing

/// The promise of issue 6: a reply that was on screen survives `kill -9` of the process writing it.
@Suite struct KillDuringStreamTests {
    @Test func kill9MidStreamLosesNothingSavedNorShownMoreThanASecondBefore() async throws {
        let dir = TemporaryDirectory()
        let db = dir.file("herd.sqlite")
        // A token every 10 ms; the writer saves at most every 250 ms.
        let probe = try ProbeProcess(arguments: ["stream", db, "100000", "10"])
        let before = probe.wait(timeout: 30) { lines in
            lines.contains { $0.hasPrefix("shown 150 ") }
        }
        try #require(before.contains { $0.hasPrefix("shown 150 ") }, "the probe never streamed: \(before.suffix(5))")
        let killedAt = monotonicNanos()
        probe.kill9()
        #expect(await probe.child.wait() == .signalled(SIGKILL))
        let lines = probe.allLines()

        let messageID = try #require(lines.first { $0.hasPrefix("message ") }.flatMap { UUID(uuidString: String($0.dropFirst(8))) })
        let conversationID = try #require(lines.first { $0.hasPrefix("conversation ") }.flatMap { UUID(uuidString: String($0.dropFirst(13))) })
        let shown: [(index: Int, nanos: UInt64)] = lines.compactMap { line in
            let f = line.split(separator: " ")
            guard f.count == 3, f[0] == "shown", let i = Int(f[1]), let t = UInt64(f[2]) else { return nil }
            return (i, t)
        }
        let lastSaved = lines.compactMap { line -> Int? in
            line.hasPrefix("saved ") ? Int(line.dropFirst(6)) : nil
        }.max() ?? 0

        let store = try Store.open(path: db)  // a kill -9 never leaves a file that needs recovery
        let beforeRestart = try #require(try store.conversation(id: conversationID))
        let partial = try #require(beforeRestart.messages.first { $0.id == messageID })
        #expect(partial.status == .streaming)

        // The saved text is exactly tokens 0..<k, in order: nothing torn, nothing reordered.
        let k = partial.text.split(separator: " ").count
        #expect(partial.text == (0..<k).map { "t\($0) " }.joined())
        // Everything the probe reported as saved is there.
        #expect(partial.text.utf8.count >= lastSaved)
        // Every token shown more than a second before the kill is there.
        let oldEnough = shown.filter { killedAt > $0.nanos && killedAt - $0.nanos > 1_000_000_000 }.map(\.index).max() ?? -1
        #expect(oldEnough >= 50, "the probe showed too little to check: \(shown.count) tokens")
        #expect(k > oldEnough, "token \(oldEnough) was on screen over 1 s before the kill but only \(k) tokens were saved")

        // Next start: the interrupted reply is marked stopped and keeps its text and decision.
        #expect(try store.markInterruptedStreams() == 1)
        let after = try #require(try store.conversation(id: conversationID)?.messages.first { $0.id == messageID })
        #expect(after.status == .stopped)
        #expect(after.text == partial.text)
        #expect(after.member == "tiny-b")
        #expect(after.decision?.chosen == "tiny-b")
        #expect(after.decision?.scores.count == 2)
    }

    func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
