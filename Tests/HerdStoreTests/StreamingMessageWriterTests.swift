import Foundation
import HerdCore
import HerdStore
import Testing

@Suite struct StreamingMessageWriterTests {
    @Test func appendsAreSavedInFewWritesAndFinishSavesTheEnd() async throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let cid = UUID()
        let flushes = Counter()
        let reply = Message(role: .assistant, text: "", member: "tiny-b", status: .streaming, decision: Fixtures.decision())
        let writer = StreamingMessageWriter(store: store, conversation: cid, position: 0, message: reply,
                                            interval: .milliseconds(100)) { _ in flushes.increment() }
        try await writer.start()
        #expect(try store.conversation(id: cid)?.messages.first?.decision == Fixtures.decision())
        for i in 0..<50 { await writer.append("w\(i) ") }
        // The throttle writes the 50 appends within one interval; wait for it rather than finishing.
        var saved = ""
        for _ in 0..<100 where saved.count < 50 * 3 {
            try await Task.sleep(for: .milliseconds(20))
            saved = try store.conversation(id: cid)?.messages.first?.text ?? ""
        }
        #expect(saved == (0..<50).map { "w\($0) " }.joined())
        #expect(flushes.value < 50)  // batched, not one write per token
        #expect(try store.conversation(id: cid)?.messages.first?.status == .streaming)

        await writer.append("end")
        try await writer.finish(status: .stopped, completionTokens: 51, seconds: 1.5, tokensPerSecond: 34)
        let m = try #require(try store.conversation(id: cid)?.messages.first)
        #expect(m.text.hasSuffix("w49 end"))
        #expect(m.status == .stopped)
        #expect(m.completionTokens == 51)
        #expect(m.tokensPerSecond == 34)
    }
}
