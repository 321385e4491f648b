import Foundation
import GRDB
import HerdCore

/// One decoder for every row's scores; JSONDecoder is stateless once configured.
private let scoresDecoder = JSONDecoder()

/// Mapping between HerdCore values and table rows. Plain SQL with explicit columns, so the file layout is
/// the schema in `StoreSchema` and nothing else.
extension Store {
    static func upsert(_ m: Message, conversation: UUID, position: Int, now: Double, in db: Database) throws {
        let (status, reason) = encode(m.status)
        // A rating arrives through recordFeedback; an upsert without one must not erase it.
        try db.cachedStatement(sql: """
            INSERT INTO messages (id, conversation_id, position, role, text, member, status, failure_reason,
                                  completion_tokens, seconds, tokens_per_second, rating, created_at, updated_at, failovers)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                position = excluded.position, text = excluded.text, member = excluded.member,
                status = excluded.status, failure_reason = excluded.failure_reason,
                completion_tokens = excluded.completion_tokens, seconds = excluded.seconds,
                tokens_per_second = excluded.tokens_per_second, rating = coalesce(excluded.rating, rating),
                updated_at = excluded.updated_at, failovers = excluded.failovers
            """).execute(arguments: [m.id.uuidString, conversation.uuidString, position, m.role.rawValue, m.text, m.member,
                                     status, reason, m.completionTokens, m.seconds, m.tokensPerSecond, m.rating, now, now,
                                     m.failovers.isEmpty ? nil : m.failovers.joined(separator: "\n")])
        if let g = m.group {
            try db.cachedStatement(sql: """
                INSERT INTO answer_groups (message_id, kind, group_id, slot, chosen, note) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(message_id) DO UPDATE SET chosen = excluded.chosen, note = excluded.note
                """).execute(arguments: [m.id.uuidString, g.kind.rawValue, g.id.uuidString, g.slot, g.chosen, g.note])
        }
    }

    static func write(_ d: Decision, message: UUID, now: Double, in db: Database) throws {
        let scores = String(decoding: try JSONEncoder().encode(d.scores), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO decisions (message_id, chosen, router_choice, runner_up, lambda, mode, reason, micros,
                                   router_version, scores, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(message_id) DO UPDATE SET
                chosen = excluded.chosen, router_choice = excluded.router_choice, runner_up = excluded.runner_up,
                lambda = excluded.lambda, mode = excluded.mode, reason = excluded.reason, micros = excluded.micros,
                router_version = excluded.router_version, scores = excluded.scores
            """).execute(arguments: [message.uuidString, d.chosen, d.routerChoice, d.runnerUp, d.lambda, d.mode.rawValue,
                                     d.reason, d.micros, d.routerVersion, scores, now])
    }

    static func loadConversation(id: String, in db: Database, window: Int? = nil) throws -> Conversation? {
        guard let c = try Row.fetchOne(db, sql: "SELECT * FROM conversations WHERE id = ?", arguments: [id]),
              let uuid = UUID(uuidString: c["id"]) else { return nil }
        // A window only when positions run 0..<count without gaps: then position = earlier + index.
        var earlier = 0
        if let window, let counts = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS n, MAX(position) AS top FROM messages WHERE conversation_id = ?
            """, arguments: [id]) {
            let n: Int = counts["n"]
            let top: Int? = counts["top"]
            if window >= 0, n > window, top == n - 1 { earlier = n - window }
        }
        // A cursor, not fetchAll: a long conversation is never held twice (rows and messages) at once.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT m.*, d.chosen AS d_chosen, d.router_choice AS d_router_choice, d.runner_up AS d_runner_up,
                   d.lambda AS d_lambda, d.mode AS d_mode, d.reason AS d_reason, d.micros AS d_micros,
                   d.router_version AS d_router_version, d.scores AS d_scores,
                   g.kind AS g_kind, g.group_id AS g_group_id, g.slot AS g_slot, g.chosen AS g_chosen, g.note AS g_note
            FROM messages m LEFT JOIN decisions d ON d.message_id = m.id
            LEFT JOIN answer_groups g ON g.message_id = m.id
            WHERE m.conversation_id = ? AND m.position >= ?
            ORDER BY m.position, m.rowid
            """, arguments: [id, earlier])
        var messages: [Message] = []
        while let row = try rows.next() { messages.append(try message(from: row)) }
        var conversation = Conversation(id: uuid, title: c["title"], messages: messages, createdAt: Date(timeIntervalSince1970: c["created_at"]))
        conversation.earlier = earlier
        return conversation
    }

    static func message(from row: Row) throws -> Message {
        let idText: String = row["id"]
        guard let id = UUID(uuidString: idText) else {
            throw StoreError.corrupt("messages", "message id \"\(idText)\" is not a UUID")
        }
        let roleText: String = row["role"]
        var decision: Decision?
        if let chosen: String = row["d_chosen"] {
            let scoresText: String = row["d_scores"]
            let modeText: String = row["d_mode"]
            decision = Decision(
                scores: (try? scoresDecoder.decode([Decision.Score].self, from: Data(scoresText.utf8))) ?? [],
                chosen: chosen, routerChoice: row["d_router_choice"], runnerUp: row["d_runner_up"],
                lambda: row["d_lambda"], mode: Decision.Mode(rawValue: modeText) ?? .auto, reason: row["d_reason"],
                micros: row["d_micros"], routerVersion: row["d_router_version"])
        }
        var group: AnswerGroup?
        if let kindText: String = row["g_kind"], let kind = AnswerGroup.Kind(rawValue: kindText),
           let gid = (row["g_group_id"] as String?).flatMap(UUID.init(uuidString:)) {
            group = AnswerGroup(kind: kind, id: gid, slot: row["g_slot"], chosen: row["g_chosen"], note: row["g_note"])
        }
        return Message(id: id, role: ChatMessage.Role(rawValue: roleText) ?? .assistant, text: row["text"],
                       member: row["member"], status: decode(status: row["status"], reason: row["failure_reason"]),
                       decision: decision, completionTokens: row["completion_tokens"], seconds: row["seconds"],
                       tokensPerSecond: row["tokens_per_second"], rating: row["rating"], group: group,
                       failovers: (row["failovers"] as String?).map { $0.split(separator: "\n").map(String.init) } ?? [])
    }

    /// Summaries of the given conversations (all when `ids` is nil), most recent first.
    static func summaries(ids: [String]?, in db: Database) throws -> [ConversationSummary] {
        var sql = """
            SELECT c.id, c.title, c.created_at, c.updated_at,
                   (SELECT count(*) FROM messages WHERE conversation_id = c.id) AS n,
                   (SELECT text FROM messages WHERE conversation_id = c.id AND role = 'user'
                    ORDER BY position LIMIT 1) AS first_prompt,
                   (SELECT group_concat(member, char(31)) FROM
                       (SELECT member, min(position) AS p FROM messages
                        WHERE conversation_id = c.id AND member IS NOT NULL GROUP BY member ORDER BY p)) AS members
            FROM conversations c
            """
        var arguments = StatementArguments()
        if let ids {
            if ids.isEmpty { return [] }
            sql += " WHERE c.id IN (\(databaseQuestionMarks(count: ids.count)))"
            arguments = StatementArguments(ids)
        }
        sql += " ORDER BY c.updated_at DESC, c.created_at DESC"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
            guard let id = UUID(uuidString: row["id"]) else { return nil }
            let stored: String = row["title"]
            let prompt: String? = row["first_prompt"]
            let members: String? = row["members"]
            return ConversationSummary(
                id: id, title: stored.isEmpty ? oneLine(prompt ?? "", limit: 80) : stored,
                createdAt: Date(timeIntervalSince1970: row["created_at"]),
                updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
                messageCount: row["n"],
                members: members.map { $0.split(separator: "\u{1F}").map(String.init) } ?? [])
        }
    }

    static func feedback(from row: Row) throws -> Feedback {
        let kindText: String = row["kind"]
        guard let kind = Feedback.Kind(rawValue: kindText), let id = UUID(uuidString: row["id"]) else {
            throw StoreError.corrupt("feedback", "row with kind \"\(kindText)\" cannot be read")
        }
        let cid: String? = row["conversation_id"]
        let mid: String? = row["message_id"]
        return Feedback(id: id, kind: kind, conversationID: cid.flatMap(UUID.init(uuidString:)),
                        messageID: mid.flatMap(UUID.init(uuidString:)), prompt: row["prompt"], member: row["member"],
                        replacement: row["replacement"], rating: row["rating"], lambda: row["lambda"],
                        routerVersion: row["router_version"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    static func encode(_ status: Message.Status) -> (String, String?) {
        switch status {
        case .streaming: return ("streaming", nil)
        case .complete: return ("complete", nil)
        case .stopped: return ("stopped", nil)
        case let .failed(reason): return ("failed", reason)
        }
    }

    static func decode(status: String, reason: String?) -> Message.Status {
        switch status {
        case "streaming": return .streaming
        case "complete": return .complete
        case "stopped": return .stopped
        default: return .failed(reason ?? "unknown")
        }
    }

    static func oneLine(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
