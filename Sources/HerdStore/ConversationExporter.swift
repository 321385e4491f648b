import Foundation
import HerdCore

/// Turns a conversation into a file a person or a script reads (`herd export`, `/export FILE`).
public enum ConversationExporter {
    public enum Format: String, Sendable, CaseIterable {
        case markdown = "md"
        case json
    }

    public static func render(_ c: Conversation, as format: Format) throws -> String {
        switch format {
        case .markdown: return markdown(c)
        case .json: return try json(c)
        }
    }

    /// JSON: the conversation with every message's status and decision (`ConversationRecord`).
    public static func json(_ c: Conversation) throws -> String {
        String(decoding: try ConversationRecord.encoder().encode(ConversationRecord(c)), as: UTF8.self) + "\n"
    }

    /// Markdown: one section per message, headed by who wrote it and, for answers, how the router chose them.
    public static func markdown(_ c: Conversation) -> String {
        let title = c.title.isEmpty
            ? Store.oneLine(c.messages.first { $0.role == .user }?.text ?? "Conversation", limit: 80)
            : c.title
        var out = "# \(title)\n\n"
        out += "- id: `\(c.id.uuidString.lowercased())`\n"
        out += "- started: \(timestamp(c.createdAt))\n"
        var seen = Set<String>()
        let members = c.messages.compactMap(\.member).filter { seen.insert($0).inserted }
        if !members.isEmpty { out += "- members: \(members.joined(separator: ", "))\n" }
        for m in c.messages {
            out += "\n## \(heading(m))\n\n"
            out += m.text.isEmpty ? "*(no text)*\n" : m.text + (m.text.hasSuffix("\n") ? "" : "\n")
            switch m.status {
            case .complete: break
            case .streaming: out += "\n*(still streaming when exported)*\n"
            case .stopped: out += "\n*(stopped)*\n"
            case let .failed(reason): out += "\n*(failed: \(reason))*\n"
            }
            for step in m.failovers { out += "\n> ↪ \(step)\n" }
            if let d = m.decision, let line = decisionLine(d) { out += "\n> \(line)\n" }
        }
        return out
    }

    static func heading(_ m: Message) -> String {
        switch m.role {
        case .user: return "you"
        case .system: return "system"
        case .assistant:
            var parts = [m.member ?? "assistant"]
            if let t = m.completionTokens { parts.append("\(t) tokens") }
            if let tps = m.tokensPerSecond { parts.append(String(format: "%.0f tok/s", tps)) }
            if let r = m.rating { parts.append(r > 0 ? "rated +" : "rated −") }
            if let g = m.group {
                switch g.kind {
                case .compare: parts.append("compare column \(g.slot + 1)" + (g.chosen ? ", picked" : ""))
                case .cascade: parts.append("cascade step \(g.slot + 1)" + (g.chosen ? ", answered" : g.note.map { ", weak: \($0)" } ?? ""))
                }
            }
            return parts.joined(separator: " · ")
        }
    }

    static func decisionLine(_ d: Decision) -> String? {
        var parts = ["router: \(d.mode.rawValue)", String(format: "λ %.2f", d.lambda)]
        if let c = d.score(of: d.chosen)?.confidence { parts.append(String(format: "confidence %.2f", c)) }
        if let r = d.routerChoice, r != d.chosen { parts.append("router chose \(r)") }
        if let r = d.runnerUp { parts.append("runner-up \(r)") }
        if !d.reason.isEmpty { parts.append(d.reason) }
        return parts.joined(separator: " · ")
    }

    static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: date)
    }
}
