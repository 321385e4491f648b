import Foundation
import HerdCore

/// One prompt answered by K members at once (`/compare`, Alt-C): the columns, which one is
/// selected, and the pick. Lives in `AppState.compare` from Enter until the person picks (or sends
/// the next message); the answers themselves are assistant messages of the conversation, marked
/// with the round's `AnswerGroup`, so they are stored and stay viewable after the pick.
public struct CompareRound: Sendable, Hashable {
    /// How many members a comparison may ask.
    public static let widths = 2...4
    /// What a width must be, for every place that refuses one (`/compare`, `herd ask --compare`).
    public static var widthRule: String { "a number of members from \(widths.lowerBound) to \(widths.upperBound)" }
    public static let defaultWidth = 2

    /// The `AnswerGroup.id` of every column's message.
    public var group: UUID
    /// The route request whose decision names the members.
    public var routeID: Int
    public var width: Int
    public var prompt: String
    /// The turns sent to every member: history and the prompt.
    public var messages: [ChatMessage]
    public var startedAt: Double
    public var decision: Decision?
    public var columns: [CompareColumn] = []
    /// The column arrows move over and Enter picks.
    public var selected = 0

    public init(group: UUID, routeID: Int, width: Int, prompt: String, messages: [ChatMessage], startedAt: Double) {
        self.group = group
        self.routeID = routeID
        self.width = width
        self.prompt = prompt
        self.messages = messages
        self.startedAt = startedAt
    }

    /// A stream still runs.
    public var isStreaming: Bool { columns.contains(where: \.live) }

    /// The column fed by stream `id`.
    public func column(stream id: Int) -> Int? { columns.firstIndex { $0.streamID == id } }

    /// The top `k` members of a decision by utility, available ones only (`Selection.ranking`).
    public static func members(_ d: Decision, k: Int) -> [String] {
        Array(Selection.ranking(d.scores).prefix(k).map { d.scores[$0].member })
    }

    /// Parses `/compare`'s argument: empty → the default width.
    public static func width(parsing arg: String) -> Result<Int, CompareWidthError> {
        let t = arg.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .success(defaultWidth) }
        guard let k = Int(t), widths.contains(k) else { return .failure(CompareWidthError(text: t)) }
        return .success(k)
    }
}

/// A `/compare` width out of range or not a number.
public struct CompareWidthError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var description: String {
        "/compare takes \(CompareRound.widthRule), not \"\(text)\""
    }
}
