import ArgumentParser
import Foundation
import HerdConfig
import HerdCore
import HerdStore

/// `herd history [--json] [--search TEXT]`: past conversations, newest first, or those matching a search.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List past conversations, newest first; --search finds words in any message (full-text).",
        discussion: """
            Words match as prefixes in any order ("deriv x^3" finds "derivative of x^3"). The first column is the \
            id to give `herd export`; any unique prefix of it works.
            """)

    @Option(name: .shortAndLong, help: "Only conversations whose messages contain every word.")
    var search: String?

    @Option(help: "At most this many conversations (0: all).")
    var limit = 0

    @Flag(help: "Print JSON: an array of conversations, each with its messages, their status and decision.")
    var json = false

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or more, not \(limit)") }
    }

    func run() throws {
        let paths = StoreCommandSupport.paths()
        do {
            guard let store = try StoreCommandSupport.existingStore(paths) else {
                if json { try StoreCommandSupport.printJSON([ConversationRecord]()) } else {
                    print("no conversations yet (\(paths.databaseFile) does not exist)")
                }
                return
            }
            var summaries = try store.conversations(search: search)
            if limit > 0 { summaries = Array(summaries.prefix(limit)) }
            if json {
                let records = try summaries.compactMap { s in
                    try store.conversation(id: s.id).map { ConversationRecord($0, summary: s) }
                }
                try StoreCommandSupport.printJSON(records)
            } else {
                print(Self.table(summaries, searched: search != nil), terminator: "")
            }
        } catch let error as StoreError {
            throw StoreCommandSupport.fail(error.description)
        }
    }

    static func table(_ summaries: [ConversationSummary], searched: Bool) -> String {
        if summaries.isEmpty { return searched ? "no conversation matches\n" : "no conversations yet\n" }
        var rows = [["ID", "UPDATED", "MSGS", "MEMBERS", "TITLE"]]
        for s in summaries {
            rows.append([String(s.id.uuidString.lowercased().prefix(8)), StoreCommandSupport.localTime(s.updatedAt),
                         String(s.messageCount), s.members.isEmpty ? "—" : s.members.joined(separator: ", "),
                         s.title.isEmpty ? "(empty)" : s.title])
        }
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        var out = ""
        for (n, r) in rows.enumerated() {
            out += r.enumerated().map { i, c in
                if i == r.count - 1 { return c }
                return i == 2 ? String(repeating: " ", count: widths[i] - c.count) + c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
            if n > 0, let snippet = summaries[n - 1].snippet {
                let flat = snippet.split(whereSeparator: \.isNewline).joined(separator: " ")
                out += String(repeating: " ", count: widths[0] + 2) + flat + "\n"
            }
        }
        return out
    }
}
