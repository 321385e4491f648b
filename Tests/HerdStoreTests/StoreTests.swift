import Foundation
import GRDB
import HerdCore
@testable import HerdStore
import HerdTestSupport
import Testing

@Suite struct StoreTests {
    @Test func conversationRoundTripKeepsEveryFieldStatusAndDecision() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        let original = Fixtures.conversation(title: "calculus")
        do {
            let store = try Store.open(path: path)
            try store.createConversation(original)
        }
        // A second open reads from the file, not from anything the first instance cached.
        let store = try Store.open(path: path)
        let loaded = try #require(try store.conversation(id: original.id))
        #expect(loaded == original)
        #expect(loaded.messages[4].status == .stopped)
        #expect(loaded.messages[6].status == .failed("tiny-c is unreachable: refused"))
        #expect(loaded.messages[4].decision?.mode == .pinned)
        #expect(loaded.messages[2].decision?.score(of: "tiny-c")?.confidence == nil)
        #expect(loaded.messages[2].decision?.score(of: "tiny-c")?.isPrior == true)
        #expect(try store.conversation(id: UUID()) == nil)
    }

    @Test func fileIsWALWithNormalSyncAndForeignKeys() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let (mode, sync, fk) = try store.pool.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA synchronous"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(sync == 1)  // NORMAL
        #expect(fk == 1)
        let applied = try store.pool.read { db in try StoreSchema.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(StoreSchema.migrationIDs))
    }

    @Test func upsertWhileStreamingUpdatesOneRowAndKeepsDecisionAndRating() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let cid = UUID()  // no createConversation: upsert must create the row itself
        var reply = Message(role: .assistant, text: "", member: "tiny-b", status: .streaming, decision: Fixtures.decision())
        try store.upsertMessage(Message(role: .user, text: "hi"), conversation: cid, position: 0)
        for piece in ["Hel", "lo ", "there"] {
            reply.text += piece
            try store.upsertMessage(reply, conversation: cid, position: 1)
        }
        try store.recordFeedback(Feedback(kind: .rating, conversationID: cid, messageID: reply.id, prompt: "hi",
                                          member: "tiny-b", rating: -1))
        reply.status = .complete
        reply.completionTokens = 3
        try store.upsertMessage(reply, conversation: cid, position: 1)  // reply.rating is nil: must not erase it

        let loaded = try #require(try store.conversation(id: cid))
        #expect(loaded.messages.count == 2)
        #expect(loaded.messages[1].text == "Hello there")
        #expect(loaded.messages[1].status == .complete)
        #expect(loaded.messages[1].rating == -1)
        #expect(loaded.messages[1].completionTokens == 3)
        #expect(loaded.messages[1].decision == Fixtures.decision())
        let rows = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM messages") }
        #expect(rows == 2)
    }

    @Test func changedDecisionIsRewrittenEvenAfterCaching() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let cid = UUID()
        var m = Message(role: .assistant, text: "x", member: "tiny-b", status: .streaming, decision: Fixtures.decision())
        try store.upsertMessage(m, conversation: cid, position: 0)
        m.decision = Fixtures.decision(chosen: "tiny-a", mode: .pinnedOnce)
        try store.upsertMessage(m, conversation: cid, position: 0)
        let loaded = try #require(try store.conversation(id: cid))
        #expect(loaded.messages[0].decision?.chosen == "tiny-a")
        #expect(loaded.messages[0].decision?.mode == .pinnedOnce)
    }

    @Test func lastConversationIsTheOneWrittenToLast() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        #expect(try store.lastConversation() == nil)
        let a = Fixtures.conversation(title: "a"), b = Fixtures.conversation(title: "b")
        try store.createConversation(a)
        try store.createConversation(b)
        #expect(try store.lastConversation()?.id == b.id)
        Thread.sleep(forTimeInterval: 0.01)  // distinct updated_at
        try store.upsertMessage(Message(role: .user, text: "back to a"), conversation: a.id, position: a.messages.count)
        let last = try #require(try store.lastConversation())
        #expect(last.id == a.id)
        #expect(last.messages.last?.text == "back to a")
        #expect(last.messages[2].decision == Fixtures.decision())
    }

    @Test func aLongConversationComesAsAWindowAndNewMessagesLandAfterIt() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        var c = Conversation(title: "long")
        for i in 0..<25 { c.messages.append(Message(role: i % 2 == 0 ? .user : .assistant, text: "m\(i)")) }
        try store.createConversation(c)

        let window = try #require(try store.lastConversation(window: 10))
        #expect(window.earlier == 15)
        #expect(window.messages.map(\.text) == (15..<25).map { "m\($0)" })
        #expect(try store.lastConversation(window: 100)?.earlier == 0, "a short one comes whole")
        #expect(try store.lastConversation()?.messages.count == 25)

        // Saving through the window writes at earlier + index: nothing before it is touched.
        var edited = window.messages[9]
        edited.text = "m24 edited"
        try store.upsertMessage(edited, conversation: c.id, position: window.earlier + 9)
        try store.upsertMessage(Message(role: .user, text: "m25"), conversation: c.id, position: window.earlier + 10)
        let whole = try #require(try store.conversation(id: c.id))
        #expect(whole.messages.map(\.text) == (0..<24).map { "m\($0)" } + ["m24 edited", "m25"])

        // Writing a windowed conversation back keeps its positions too.
        try store.createConversation(window)
        #expect(try store.conversation(id: c.id)?.messages.count == 26)
    }

    @Test func interruptedStreamsBecomeStoppedWithTheirText() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let cid = UUID()
        let m = Message(role: .assistant, text: "half an ans", member: "tiny-a", status: .streaming, decision: Fixtures.decision())
        try store.upsertMessage(m, conversation: cid, position: 0)
        try store.upsertMessage(Message(role: .assistant, text: "done", status: .complete), conversation: cid, position: 1)
        #expect(try store.markInterruptedStreams() == 1)
        #expect(try store.markInterruptedStreams() == 0)
        let loaded = try #require(try store.conversation(id: cid))
        #expect(loaded.messages[0].status == .stopped)
        #expect(loaded.messages[0].text == "half an ans")
        #expect(loaded.messages[0].decision == Fixtures.decision())
        #expect(loaded.messages[1].status == .complete)
    }

    @Test func feedbackRoundTripsInOrder() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let c = Fixtures.conversation()
        try store.createConversation(c)
        let items = [
            Feedback(kind: .rating, conversationID: c.id, messageID: c.messages[2].id, prompt: "d/dx x^3", member: "tiny-b",
                     rating: 1, lambda: 0.3, routerVersion: "test-1", createdAt: Date(timeIntervalSince1970: 1_790_000_001)),
            Feedback(kind: .retry, conversationID: c.id, messageID: c.messages[4].id, prompt: "and of x^4?", member: "tiny-a",
                     replacement: "tiny-b", lambda: 0.3, createdAt: Date(timeIntervalSince1970: 1_790_000_002)),
            Feedback(kind: .override, prompt: "write a haiku", member: "tiny-b", replacement: "tiny-c",
                     createdAt: Date(timeIntervalSince1970: 1_790_000_003)),
        ]
        for f in items.reversed() { try store.recordFeedback(f) }
        #expect(try store.feedback() == items)
    }

    @Test func conversationIDPrefixResolvesAndRejectsAmbiguity() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(path: dir.file("herd.sqlite"))
        let a = UUID(uuidString: "AAAA1111-0000-0000-0000-000000000001")!
        let b = UUID(uuidString: "AAAA2222-0000-0000-0000-000000000002")!
        try store.createConversation(Conversation(id: a))
        try store.createConversation(Conversation(id: b))
        #expect(try store.conversationID(prefix: "aaaa1") == a)
        #expect(try store.conversationID(prefix: b.uuidString.lowercased()) == b)
        #expect(try store.conversationID(prefix: "bbbb") == nil)
        #expect(try store.conversationID(prefix: "a%") == nil)  // not hex: never a LIKE pattern
        #expect(throws: StoreError.self) { try store.conversationID(prefix: "aaaa") }
    }

    @Test func newerSchemaIsRefusedWithAClearError() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        do {
            let store = try Store.open(path: path)
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
        }
        #expect(throws: StoreError.newerSchema(path, unknownMigrations: ["v99-from-the-future"])) {
            try Store.open(path: path)
        }
        // Not corruption: recovery must not move a good file aside.
        #expect(throws: StoreError.self) { try Store.openOrRecover(path: path) }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func twoProcessesWorthOfStoresShareTheFile() async throws {
        // The TUI streams while `herd history` reads and a second herd marks interrupted streams.
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        let tui = try Store.open(path: path)
        let cli = try Store.open(path: path)
        let cid = UUID()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var m = Message(role: .assistant, text: "", member: "tiny-b", status: .streaming)
                for i in 0..<200 {
                    m.text += "w\(i) "
                    try tui.upsertMessage(m, conversation: cid, position: 0)
                }
            }
            group.addTask {
                for _ in 0..<50 {
                    let text = try cli.conversation(id: cid)?.messages.first?.text ?? ""
                    // Each read sees one whole committed state: a prefix of the final text.
                    #expect((0..<200).map { "w\($0) " }.joined().hasPrefix(text))
                    _ = try cli.conversations(search: "w1")
                }
            }
            try await group.waitForAll()
        }
        #expect(try cli.markInterruptedStreams() == 1)
        #expect(try tui.conversation(id: cid)?.messages.first?.status == .stopped)
    }
}
