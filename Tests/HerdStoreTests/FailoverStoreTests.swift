import Foundation
import HerdCore
@testable import HerdStore
import HerdTestSupport
import Testing

/// A reply's failovers (`Message.failovers`) are stored with it and exported.
@Suite struct FailoverStoreTests {
    @Test func failoversRoundTripAndAreExported() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        let steps = ["gpu-1 failed after 37 tokens (cut off); gpu-2 continued the answer",
                     "gpu-2 failed before answering (refused); sent to gpu-3"]
        let original = Conversation(title: "t", messages: [
            Message(role: .user, text: "hi"),
            Message(role: .assistant, text: "w0 w1", member: "story", status: .complete, failovers: steps),
            Message(role: .assistant, text: "plain", member: "story", status: .complete),
        ])
        do {
            let store = try Store.open(path: path)
            try store.createConversation(original)
        }
        let loaded = try #require(try Store.open(path: path).conversation(id: original.id))
        #expect(loaded.messages[1].failovers == steps)
        #expect(loaded.messages[2].failovers == [])
        let md = ConversationExporter.markdown(loaded)
        #expect(md.contains("> ↪ gpu-1 failed after 37 tokens (cut off); gpu-2 continued the answer"))
        #expect(try ConversationExporter.json(loaded).contains("gpu-2 failed before answering"))
    }
}
