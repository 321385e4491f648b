import Foundation
import GRDB
import HerdCore

/// The answers the person judged, with the router's confidence at the time: for the cascade's
/// per-member thresholds (`ThresholdFit`).
extension Store {
    /// Rated answers (their stored decision's confidence for the member) and compare picks (the
    /// confidences stored with the pick), oldest first.
    public func judgedAnswers() throws -> [ThresholdFit.Sample] {
        try pool.read { db in
            var out: [ThresholdFit.Sample] = []
            let rated = try Row.fetchAll(db, sql: """
                SELECT m.member AS member, m.rating AS rating, d.scores AS scores FROM messages m
                JOIN decisions d ON d.message_id = m.id
                WHERE m.rating IS NOT NULL AND m.member IS NOT NULL ORDER BY m.created_at, m.rowid
                """)
            for row in rated {
                let member: String = row["member"], rating: Int = row["rating"], scoresText: String = row["scores"]
                guard let scores = try? JSONDecoder().decode([Decision.Score].self, from: Data(scoresText.utf8)),
                      let p = scores.first(where: { $0.member == member })?.confidence else { continue }
                out.append(.init(member: member, confidence: p, good: rating > 0))
            }
            for pref in try preferencesInside(db) {
                if let p = pref.confidences[pref.winner] { out.append(.init(member: pref.winner, confidence: p, good: true)) }
                for l in pref.losers { if let p = pref.confidences[l] { out.append(.init(member: l, confidence: p, good: false)) } }
            }
            return out
        }
    }
}
