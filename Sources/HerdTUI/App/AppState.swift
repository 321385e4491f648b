import Foundation
import HerdCore

/// Everything the screen shows and the app remembers, as plain data.
public struct AppState: Sendable {
    public var conversation: Conversation
    public var members: [MemberStatus]
    /// Discovery has not reported yet: the panel says the herd is being found, not that there is none.
    public var findingHerd = false
    /// The background calibration, once started in this session.
    public var calibration: CalibrationStatus?
    public var lambda: Lambda
    public var pin: Pin?
    /// The last decision (for the message being answered or answered last).
    public var decision: Decision?
    /// The router's preview for the draft, while typing.
    public var preview: Decision?
    public var previewDraft: String?
    public var input = InputState()
    public var sent: [String] = []
    /// Position in `sent` while browsing with Up/Down.
    public var historyIndex: Int?
    public var active: ActiveStream?
    /// The comparison streaming or waiting for its pick.
    public var compare: CompareRound?
    /// Cascade routing (`/cascade`, `routing = "cascade"`): cheapest confident member first, escalate on a weak answer.
    public var cascadeOn = false
    /// The cascade answering now.
    public var cascade: CascadeRun?
    /// Per member: the confidence a member needs to answer first (else `CascadePolicy.defaultThreshold`).
    public var cascadeThresholds: [String: Double] = [:]
    /// Members the next message is compared across (`/compare K`, Alt-C); `nil`: one member answers.
    public var compareNext: Int?
    public var nextID = 1
    /// Lines scrolled up from the bottom of the chat.
    public var scroll = 0
    public var cols: Int
    public var rows: Int
    public var now: Double = 0
    public var lastEditAt: Double?
    public var notice: Notice?
    public var showHelp = false
    /// The theme the screen is drawn in (the terminal applies it when it changes).
    public var theme: Theme
    public var systemPrompt: String?
    /// Generation options set with `/set` (or the command line) for this session; they win over the config's.
    public var generation = GenerationOptions()
    /// Tokens per second of the last finished stream.
    public var lastRate: Double?
    public var quitting = false
    /// New IDs for messages, conversations and feedback (never `UUID()` inside `App.update`).
    public var ids = IDSource.random()
    /// The date, as the last `.tick` brought it.
    public var wallClock = Date()
    /// Which key does what (the config's `[keys]`).
    public var keymap = Keymap()

    public init(conversation: Conversation = Conversation(), members: [MemberStatus] = [], lambda: Lambda = .default,
                cols: Int = 80, rows: Int = 24, theme: Theme = .herdDark) {
        self.conversation = conversation
        self.members = members
        self.lambda = lambda
        self.cols = cols
        self.rows = rows
        self.theme = theme
        self.decision = conversation.messages.last(where: { $0.decision != nil })?.decision
        self.sent = conversation.messages.filter { $0.role == .user }.map(\.text)
    }

    /// The decision the panel shows: the draft's preview while typing, else the last decision.
    public var shownDecision: Decision? {
        if let preview, !input.isEmpty, previewDraft == input.string { return preview }
        return decision
    }

    /// The member answering now, or that answered last.
    /// A reply or a comparison is streaming: no new message until it ends or Esc stops it.
    public var isStreaming: Bool { active != nil || cascade != nil || compare?.isStreaming == true || (compare != nil && compare!.columns.isEmpty) }

    public var currentMember: String? {
        if let a = active { return conversation.messages[a.messageIndex].member }
        return conversation.messages.last(where: { $0.role == .assistant })?.member
    }

    /// Reachable members whose confidences are only priors: what a calibration would teach the router.
    public var membersWithoutData: [MemberStatus] {
        members.filter { $0.reachable && $0.source == .prior }
    }

    public func member(named name: String) -> MemberStatus? {
        members.first { $0.name == name }
    }
}
