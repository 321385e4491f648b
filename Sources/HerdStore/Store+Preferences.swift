import Foundation
import GRDB
import HerdCore

/// Picks among compared answers (`preferences`), kept like feedback for router training to replay.
extension Store {
    /// Stores one pick.
    public func recordPreference(_ p: Preference) throws {
        let losers = String(decoding: try JSONEncoder().encode(p.losers), as: UTF8.self)
        let confidences = String(decoding: try JSONEncoder().encode(p.confidences), as: UTF8.self)
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO preferences (id, conversation_id, message_id, prompt, winner, losers, confidences, lambda,
                                         router_version, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO NOTHING
                """, arguments: [p.id.uuidString, p.conversationID?.uuidString, p.messageID?.uuidString, p.prompt, p.winner,
                                 losers, confidences, p.lambda, p.routerVersion, p.createdAt.timeIntervalSince1970])
        }
    }

    /// Every pick, oldest first.
    public func preferences() throws -> [Preference] {
        try pool.read { db in try preferencesInside(db) }
    }

    func preferencesInside(_ db: Database) throws -> [Preference] {
        try Row.fetchAll(db, sql: "SELECT * FROM preferences ORDER BY created_at, rowid").map { row in
            let idText: String = row["id"]
            guard let id = UUID(uuidString: idText) else {
                throw StoreError.corrupt("preferences", "preference id \"\(idText)\" is not a UUID")
            }
            let losersText: String = row["losers"]
            let confText: String = row["confidences"]
            guard let losers = try? JSONDecoder().decode([String].self, from: Data(losersText.utf8)),
                  let conf = try? JSONDecoder().decode([String: Double].self, from: Data(confText.utf8)) else {
                throw StoreError.corrupt("preferences", "preference \(idText) has unreadable losers or confidences")
            }
            return Preference(id: id, conversationID: (row["conversation_id"] as String?).flatMap(UUID.init(uuidString:)),
                              messageID: (row["message_id"] as String?).flatMap(UUID.init(uuidString:)),
                              prompt: row["prompt"], winner: row["winner"], losers: losers, confidences: conf,
                              lambda: row["lambda"], routerVersion: row["router_version"],
                              createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }
}
