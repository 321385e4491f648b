import Foundation
import HerdCore
@testable import HerdStore
import HerdTestSupport
import Testing

@Suite struct SearchTests {
    func seeded() throws -> (TemporaryDirectory, Store, [Conversation]) {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let calculus = Fixtures.conversation(prompt: "what is the derivative of x^3?")
        let haiku = Conversation(messages: [
            Message(role: .user, text: "write a haiku about autumn leaves"),
            Message(role: .assistant, text: "Crimson leaves descend\nquiet rivers carry them", member: "tiny-c"),
        ], createdAt: Date(timeIntervalSince1970: 1_790_000_100))
        let code = Conversation(title: "swift help", messages: [
            Message(role: .user, text: "how do I write an async function in Swift?"),
            Message(role: .assistant, text: "Mark it `async` and call it with `await`.", member: "tiny-b"),
        ], createdAt: Date(timeIntervalSince1970: 1_790_000_200))
        for c in [calculus, haiku, code] { try store.createConversation(c) }
        return (dir, store, [calculus, haiku, code])
    }

    @Test func listsEveryConversationNewestFirstWithTitlesAndMembers() throws {
        let (_, store, cs) = try seeded()
        let all = try store.conversations(search: nil)
        #expect(all.map(\.id) == cs.reversed().map(\.id))
        #expect(all[0].title == "swift help")
        #expect(all[1].title == "write a haiku about autumn leaves")  // no title: first prompt
        #expect(all[2].members == ["tiny-b", "tiny-a", "tiny-c"])     // order of first answer
        #expect(all[2].messageCount == 7)
        #expect(all.allSatisfy { $0.snippet == nil })
        #expect(try store.conversations(search: "   ") == all)
    }

    @Test func findsWordsAsPrefixesAcrossRolesWithASnippet() throws {
        let (_, store, cs) = try seeded()
        let hits = try store.conversations(search: "deriv")
        #expect(hits.map(\.id) == [cs[0].id])
        #expect(hits[0].snippet?.contains("[derivative]") == true)
        // Words in any order, matched in an assistant's reply.
        #expect(try store.conversations(search: "rivers crimson").map(\.id) == [cs[1].id])
        // Every word must match.
        #expect(try store.conversations(search: "crimson derivative").isEmpty)
        #expect(try store.conversations(search: "write").count == 2)
    }

    @Test func userTextWithSyntaxNeverBreaksTheQuery() throws {
        let (_, store, cs) = try seeded()
        #expect(try store.conversations(search: "\"async\" (await").map(\.id) == [cs[2].id])
        #expect(try store.conversations(search: "x^3 -derivative").map(\.id) == [cs[0].id])  // "-" is no NOT
        #expect(try store.conversations(search: "`async` AND NEAR(").map(\.id) == [])
        #expect(try store.conversations(search: "^^^ ***").isEmpty)
    }

    @Test func theIndexFollowsEditsOfStreamingText() throws {
        let (_, store, _) = try seeded()
        let cid = UUID()
        var m = Message(role: .assistant, text: "zebra", member: "tiny-a", status: .streaming)
        try store.upsertMessage(m, conversation: cid, position: 0)
        #expect(try store.conversations(search: "zebra").map(\.id) == [cid])
        m.text = "giraffe"
        try store.upsertMessage(m, conversation: cid, position: 0)
        #expect(try store.conversations(search: "zebra").isEmpty)
        #expect(try store.conversations(search: "giraffe").map(\.id) == [cid])
        #expect(try store.markInterruptedStreams() == 1)  // status-only update keeps the index
        #expect(try store.conversations(search: "giraffe").map(\.id) == [cid])
        // FTS5 reports an index that disagrees with its content table as an error.
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")
        }
    }
}
