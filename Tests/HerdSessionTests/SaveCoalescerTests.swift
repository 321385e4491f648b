import Foundation
import HerdCore
import HerdSession
import HerdStore
import HerdTUI
import HerdTestSupport
import Testing

/// The TUI's one durable writer: whole messages and streamed appends, on a frame's cadence.
@Suite struct SaveCoalescerTests {
    final class Errors: @unchecked Sendable {
        let lock = NSLock()
        var all: [String] = []
        func add(_ s: String) { lock.withLock { all.append(s) } }
    }

    @Test func appendsReachTheStoreWithinAFrameAndTheFinalSaveWins() async throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let errors = Errors()
        let saver = SaveCoalescer(store: store, known: []) { errors.add($0) }
        let cid = UUID()
        let prompt = Message(role: .user, text: "count to three", status: .complete)
        saver.save(prompt, conversation: cid, position: 0)
        // A final message is written at once, the conversation created with its title.
        #expect(try store.conversation(id: cid)?.title == "count to three")

        var reply = Message(role: .assistant, text: "", member: "alpha", status: .streaming)
        saver.save(reply, conversation: cid, position: 1)
        let ref = MessageRef(conversation: cid, position: 1, message: reply.id)
        saver.append("one", to: ref)       // merged into the pending whole message
        try await Task.sleep(nanoseconds: 150_000_000)
        #expect(try store.conversation(id: cid)?.messages.last?.text == "one")
        saver.append(" two", to: ref)      // an append to the stored message
        saver.append(" three", to: ref)
        try await Task.sleep(nanoseconds: 150_000_000)
        #expect(try store.conversation(id: cid)?.messages.last?.text == "one two three")

        // The final state is what the screen showed; a token racing in after it changes nothing.
        reply.text = "one two three"
        reply.status = .stopped
        saver.save(reply, conversation: cid, position: 1)
        saver.append(" four", to: ref)
        saver.flush()
        try await Task.sleep(nanoseconds: 100_000_000)
        let m = try #require(try store.conversation(id: cid)?.messages.last)
        #expect(m.text == "one two three")
        #expect(m.status == .stopped)
        #expect(errors.all.isEmpty)
    }

    @Test func anAppendNeverTouchesAFinishedMessage() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let cid = UUID()
        let done = Message(role: .assistant, text: "all", status: .complete)
        try store.upsertMessage(done, conversation: cid, position: 0)
        #expect(try store.append(" more", toStreamingMessage: done.id) == false)
        #expect(try store.conversation(id: cid)?.messages.first?.text == "all")
    }
}
