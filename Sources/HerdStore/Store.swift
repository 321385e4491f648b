import Foundation
import GRDB
import HerdCore

/// Herd's history: conversations, messages, router decisions and feedback in one SQLite file.
///
/// Durability: the file is in WAL mode with `synchronous = NORMAL` (GRDB's default for a pool, checked by the
/// tests). Every `upsertMessage` is its own transaction; at commit SQLite `write()`s the frames to the `-wal` file,
/// so the data sits in the kernel's page cache before the call returns. `kill -9` ends the process, not the
/// kernel: those pages still reach the disk, and the next open replays the WAL. What NORMAL gives up is only the
/// `fsync` at each commit, i.e. the last commits before a power cut or kernel crash, not before a process kill.
/// Together with `SaveCoalescer`, which writes a streaming reply's new tokens within a frame (1/30 s),
/// every token shown on screen is in the database when the process is killed.
///
/// Search: the full-text index holds messages that have ended (`StoreSchema`, v3); a reply is indexed
/// once, when its final state is saved, not at each of its appends.
///
/// Thread safety: a `DatabasePool` serialises writes and lets reads run beside them, so `herd history` in one
/// terminal works while the TUI streams in another.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// The decision last written for each message in this process, so a stream's 4 upserts a second do not
    /// re-encode and rewrite an unchanged decision each time.
    let writtenDecisions = LockedValue<[UUID: Decision]>([:])

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    // MARK: Opening

    /// Opens (creating if needed, with its folder) and migrates the database at `path`.
    ///
    /// - Throws: `StoreError.corrupt` when the file is not a usable database, `StoreError.unreadable` when it
    ///   cannot be opened, `StoreError.newerSchema` when a newer herd wrote it.
    public static func open(path: String) throws -> Store {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError.unreadable(path, "cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw StoreError.unreadable(path, "it is a folder, not a file")
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        // The TUI and a `herd history`/`export` in another terminal may write at once (markInterruptedStreams).
        config.busyMode = .timeout(5)
        config.label = "herd.store"
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try pool.read { db in
                // Reads page 1 and the schema: a file of garbage fails here rather than in the middle of a chat.
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
            }
            let unknown = try pool.read { db in
                try StoreSchema.migrator.appliedIdentifiers(db).subtracting(StoreSchema.migrationIDs)
            }
            if !unknown.isEmpty { throw StoreError.newerSchema(path, unknownMigrations: unknown.sorted()) }
            try StoreSchema.migrator.migrate(pool)
            let problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
            if problems != ["ok"] {
                throw StoreError.corrupt(path, problems.joined(separator: "; "))
            }
            return Store(path: path, pool: pool)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw classify(error, path: path)
        }
    }

    /// Opens the database; when it is damaged, keeps the damaged file as `path.corrupt-<UTC time>` (with its
    /// `-wal` and `-shm`), starts a new one and returns the kept file's path, so a damaged file never stops
    /// herd from starting and never causes a crash loop.
    ///
    /// - Throws: what `open` throws for problems a new file would not cure (`unreadable`, `newerSchema`), or
    ///   `unreadable` when the damaged file cannot be moved.
    public static func openOrRecover(path: String) throws -> (Store, recovered: String?) {
        do {
            return (try open(path: path), nil)
        } catch StoreError.corrupt {
            let kept = try moveAside(path)
            return (try open(path: path), kept)
        }
    }

    static func classify(_ error: DatabaseError, path: String) -> StoreError {
        let cause = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT:
            return .corrupt(path, cause)
        default:
            return .unreadable(path, cause)
        }
    }

    static func moveAside(_ path: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let fm = FileManager.default
        var kept = "\(path).corrupt-\(formatter.string(from: Date()))"
        var n = 1
        while fm.fileExists(atPath: kept) {
            n += 1
            kept = "\(path).corrupt-\(formatter.string(from: Date()))-\(n)"
        }
        do {
            try fm.moveItem(atPath: path, toPath: kept)
            // The WAL belongs to the damaged file: left in place, SQLite could replay it into the new database.
            for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
                try fm.moveItem(atPath: path + suffix, toPath: kept + suffix)
            }
        } catch {
            throw StoreError.unreadable(path, "it is damaged and could not be moved aside to \(kept): \(error.localizedDescription)")
        }
        return kept
    }

    // MARK: Conversations

    /// Writes a conversation and all its messages (at positions `earlier + index`). An existing one is updated.
    public func createConversation(_ c: Conversation) throws {
        try pool.write { db in
            let now = Date().timeIntervalSince1970
            try db.execute(sql: """
                INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET title = excluded.title
                """, arguments: [c.id.uuidString, c.title, c.createdAt.timeIntervalSince1970,
                                 max(now, c.createdAt.timeIntervalSince1970)])
            for (i, m) in c.messages.enumerated() {
                try Store.upsert(m, conversation: c.id, position: c.earlier + i, now: now, in: db)
                if let d = m.decision { try Store.write(d, message: m.id, now: now, in: db) }
            }
        }
        cacheDecisions(of: c.messages)
    }

    /// Sets a conversation's title (shown by `herd history`).
    public func renameConversation(id: UUID, title: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE conversations SET title = ? WHERE id = ?", arguments: [title, id.uuidString])
        }
    }

    /// The conversation written to last, with its messages and their decisions.
    ///
    /// - Parameter window: at most this many of its newest messages (`Conversation.earlier` counts
    ///   the rest), so a very long conversation does not have to sit in memory whole.
    public func lastConversation(window: Int? = nil) throws -> Conversation? {
        try pool.read { db in
            guard let id = try String.fetchOne(db, sql: """
                SELECT id FROM conversations ORDER BY updated_at DESC, created_at DESC, rowid DESC LIMIT 1
                """) else { return nil }
            return try Store.loadConversation(id: id, in: db, window: window)
        }
    }

    /// One conversation with its messages (in order) and their decisions, or `nil`.
    public func conversation(id: UUID) throws -> Conversation? {
        try pool.read { db in try Store.loadConversation(id: id.uuidString, in: db) }
    }

    /// The conversation whose id starts with `prefix` (any case, at least 4 characters, dashes optional).
    ///
    /// - Throws: `StoreError.ambiguousID` when several match.
    public func conversationID(prefix: String) throws -> UUID? {
        let wanted = prefix.uppercased()
        guard wanted.count >= 4, wanted.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
        let ids = try pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM conversations WHERE id LIKE ? LIMIT 6", arguments: [wanted + "%"])
        }
        let uuids = ids.compactMap(UUID.init(uuidString:))
        if uuids.count > 1 { throw StoreError.ambiguousID(prefix, matches: uuids) }
        return uuids.first
    }

    /// Conversations, most recent first; with `search`, only those whose messages match it (FTS5, every word
    /// as a prefix, any order), best match first, each with a snippet.
    public func conversations(search: String?) throws -> [ConversationSummary] {
        let query = search?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return try pool.read { db in
            if query.isEmpty { return try Store.summaries(ids: nil, in: db) }
            // Tokenised with FTS5's own rules, so user text with quotes, dashes or operators cannot break the query.
            guard let pattern = FTS5Pattern(matchingAllPrefixesIn: query) else { return [] }
            // bm25() and snippet() only work in the full-text query itself, so the hits are materialised first,
            // then each conversation keeps its best hit (SQLite returns the bare column of the min() row).
            let hits = try Row.fetchAll(db, sql: """
                WITH hits AS MATERIALIZED (
                    SELECT messages_fts.rowid AS r, bm25(messages_fts) AS score,
                           snippet(messages_fts, 0, '[', ']', '…', 12) AS snip
                    FROM messages_fts WHERE messages_fts MATCH ?
                )
                SELECT m.conversation_id AS cid, min(hits.score) AS best, hits.snip AS snip
                FROM hits JOIN messages m ON m.rowid = hits.r
                GROUP BY m.conversation_id
                ORDER BY best, m.conversation_id
                """, arguments: [pattern])
            let order: [String] = hits.map { $0["cid"] }
            var snippets: [String: String] = [:]
            for row in hits { snippets[row["cid"]] = row["snip"] }
            let byID = Dictionary(uniqueKeysWithValues: try Store.summaries(ids: order, in: db).map { ($0.id.uuidString, $0) })
            return order.compactMap { cid in
                guard var s = byID[cid] else { return nil }
                s.snippet = snippets[cid]
                return s
            }
        }
    }

    // MARK: Messages

    /// Inserts or updates one message (and its decision) at `position` in a conversation, creating the
    /// conversation row if it is missing. Cheap enough to call several times a second while a reply streams: one
    /// transaction, cached statements, and the decision is written only when it changed.
    public func upsertMessage(_ m: Message, conversation: UUID, position: Int) throws {
        let decisionChanged = m.decision != nil && writtenDecisions.withLock { $0[m.id] } != m.decision
        try pool.write { db in
            let now = Date().timeIntervalSince1970
            try db.cachedStatement(sql: """
                INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, '', ?, ?)
                ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at
                """).execute(arguments: [conversation.uuidString, now, now])
            try Store.upsert(m, conversation: conversation, position: position, now: now, in: db)
            if decisionChanged, let d = m.decision { try Store.write(d, message: m.id, now: now, in: db) }
        }
        if decisionChanged { cacheDecisions(of: [m]) }
    }

    /// Appends `text` to a message that is still streaming: the tokens that arrived since the last
    /// save, so a long reply is not rewritten whole on every save. A message that has ended (its
    /// final state saved) is left alone. Returns whether a message was changed.
    @discardableResult
    public func append(_ text: String, toStreamingMessage id: UUID) throws -> Bool {
        // One statement is atomic on its own (its FTS trigger included): no BEGIN and COMMIT around
        // it, which cost as much as the update, 30 times a second while a reply streams.
        try pool.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "UPDATE messages SET text = text || ?, updated_at = ? WHERE id = ? AND status = 'streaming'")
                .execute(arguments: [text, Date().timeIntervalSince1970, id.uuidString])
            return db.changesCount > 0
        }
    }

    /// On start: every message still marked streaming belongs to a process that died mid-reply; mark it
    /// stopped (its text so far is kept). Returns how many there were.
    @discardableResult
    public func markInterruptedStreams() throws -> Int {
        try pool.write { db in
            try db.execute(sql: "UPDATE messages SET status = 'stopped', updated_at = ? WHERE status = 'streaming'",
                           arguments: [Date().timeIntervalSince1970])
            return db.changesCount
        }
    }

    // MARK: Feedback

    /// Stores a rating, retry or override; a rating is also set on its message.
    public func recordFeedback(_ f: Feedback) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO feedback (id, kind, conversation_id, message_id, prompt, member, replacement, rating,
                                      lambda, router_version, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET rating = excluded.rating, replacement = excluded.replacement
                """, arguments: [f.id.uuidString, f.kind.rawValue, f.conversationID?.uuidString, f.messageID?.uuidString,
                                 f.prompt, f.member, f.replacement, f.rating, f.lambda, f.routerVersion,
                                 f.createdAt.timeIntervalSince1970])
            if f.kind == .rating, let mid = f.messageID, let r = f.rating {
                try db.execute(sql: "UPDATE messages SET rating = ? WHERE id = ?", arguments: [r, mid.uuidString])
            }
        }
    }

    /// All feedback, oldest first (the order router training replays it in).
    public func feedback() throws -> [Feedback] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM feedback ORDER BY created_at, rowid").map(Store.feedback(from:))
        }
    }

    private func cacheDecisions(of messages: [Message]) {
        writtenDecisions.withLock { cache in
            for m in messages { if let d = m.decision { cache[m.id] = d } }
        }
    }
}
