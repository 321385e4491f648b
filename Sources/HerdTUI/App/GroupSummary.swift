import Foundation
import HerdCore

/// What the last comparison or cascade cost and gave, for the router panel: who was asked, who
/// answered or was picked, the sizes run and seconds taken, against always asking the largest member.
public struct GroupSummary: Sendable, Hashable {
    public var kind: AnswerGroup.Kind
    public var asked: [String]
    /// The picked member (compare) or the step that answered (cascade); `nil` while undecided.
    public var answered: String?
    /// Billions of parameters run: every member asked.
    public var sizeRun: Double?
    /// The herd's largest reachable member, in billions.
    public var largest: Double?
    /// Wall seconds: the slowest column (columns run at once), or the steps added up (they run in turn).
    public var seconds: Double?

    /// The summary of the newest answer group in the conversation, if it has one.
    public static func latest(in conversation: Conversation, members: [MemberStatus]) -> GroupSummary? {
        guard let last = conversation.messages.lastIndex(where: { $0.group != nil }), let g = conversation.messages[last].group else { return nil }
        let msgs = conversation.messages.filter { $0.group?.id == g.id }
        let asked = msgs.compactMap(\.member)
        let size = { (name: String) in members.first { $0.name == name }?.member.sizeB }
        let sizes = asked.map(size)
        let times = msgs.compactMap(\.seconds)
        let largest = members.filter(\.reachable).compactMap(\.member.sizeB).max()
        return GroupSummary(kind: g.kind, asked: asked, answered: msgs.first { $0.group?.chosen == true }?.member,
                            sizeRun: sizes.contains(where: { $0 == nil }) ? nil : sizes.compactMap { $0 }.reduce(0, +),
                            largest: largest,
                            seconds: times.isEmpty ? nil : g.kind == .compare ? times.max() : times.reduce(0, +))
    }

    /// Panel lines: "compare: tiny-b, tiny-a", "picked tiny-a", "ran 0.8B vs 1.4B largest · 0.6 s".
    public var lines: [String] {
        var out = ["\(kind.rawValue): " + asked.joined(separator: kind == .compare ? ", " : " → ")]
        out.append(answered.map { (kind == .compare ? "picked " : "answered by ") + $0 } ?? (kind == .compare ? "not picked yet" : "answering…"))
        var cost: [String] = []
        if let sizeRun { cost.append("ran \(Self.size(sizeRun))" + (largest.map { " vs \(Self.size($0)) largest" } ?? "")) }
        if let seconds { cost.append(String(format: "%.1f s", seconds)) }
        if !cost.isEmpty { out.append(cost.joined(separator: " · ")) }
        return out
    }

    static func size(_ b: Double) -> String { b >= 10 ? String(format: "%.0fB", b) : String(format: "%.1fB", b) }
}
