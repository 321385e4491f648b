import Foundation
import GRDB
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

    @Test func aReplyIsIndexedWhenItEndsAndFollowsLaterEdits() throws {
        let (_, store, _) = try seeded()
        let cid = UUID()
        var m = Message(role: .assistant, text: "zebra", member: "tiny-a", status: .streaming)
        try store.upsertMessage(m, conversation: cid, position: 0)
        try store.append(" crossing", toStreamingMessage: m.id)
        // Still streaming: not indexed, so a stream's appends cost no index work.
        #expect(try store.conversations(search: "zebra").isEmpty)
        try checkIndex(store)
        #expect(try store.markInterruptedStreams() == 1)  // it ends as stopped, with its text so far
        #expect(try store.conversations(search: "zebra crossing").map(\.id) == [cid])
        try checkIndex(store)
        m = try #require(store.conversation(id: cid)?.messages.first)
        m.text = "giraffe"  // an ended message edited: the old words leave the index, the new ones enter it
        try store.upsertMessage(m, conversation: cid, position: 0)
        #expect(try store.conversations(search: "zebra").isEmpty)
        #expect(try store.conversations(search: "giraffe").map(\.id) == [cid])
        try checkIndex(store)
        m.status = .streaming  // a retry streams into it again: out of the index until it ends
        try store.upsertMessage(m, conversation: cid, position: 0)
        #expect(try store.conversations(search: "giraffe").isEmpty)
        m.text = "okapi"
        m.status = .complete
        try store.upsertMessage(m, conversation: cid, position: 0)
        #expect(try store.conversations(search: "okapi").map(\.id) == [cid])
        try checkIndex(store)
        try store.pool.write { db in  // its messages go with it (ON DELETE CASCADE), and out of the index
            try db.execute(sql: "DELETE FROM conversations WHERE id = ?", arguments: [cid.uuidString])
        }
        #expect(try store.conversations(search: "okapi").isEmpty)
        try checkIndex(store)
    }

    @Test func aDatabaseIndexedBeforeIsReindexedWithoutItsStreamingReplies() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        let cid = UUID()
        do {
            // The schema as it shipped before the index left out streaming replies.
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v2-failovers")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO conversations (id, created_at, updated_at) VALUES (?, 0, 0)", arguments: [cid.uuidString])
                for (n, (text, status)) in [("quokka answered", "complete"), ("wombat still streaming", "streaming")].enumerated() {
                    try db.execute(sql: """
                        INSERT INTO messages (id, conversation_id, position, role, text, status, created_at, updated_at)
                        VALUES (?, ?, ?, 'assistant', ?, ?, 0, 0)
                        """, arguments: [UUID().uuidString, cid.uuidString, n, text, status])
                }
            }
        }
        let store = try Store.open(path: path)
        #expect(try store.conversations(search: "quokka").map(\.id) == [cid])
        #expect(try store.conversations(search: "wombat").isEmpty)
        try checkIndex(store)
        #expect(try store.markInterruptedStreams() == 1)
        #expect(try store.conversations(search: "wombat").map(\.id) == [cid])
        try checkIndex(store)
    }

    /// FTS5 reports an index that disagrees with its content (the ended messages) as an error.
    func checkIndex(_ store: Store) throws {
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
        }
    }
}
