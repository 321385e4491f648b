/// One member's turn in `herd ask --cascade --json`.
public struct AskCascadeStep: Codable, Sendable, Equatable {
    public var member: String
    public var text: String
    /// Why the answer went on to another member (or would have, with one left); `nil` when it was kept.
    public var weak: String?

    public init(member: String, text: String, weak: String?) {
        self.member = member
        self.text = text
        self.weak = weak
    }
}
