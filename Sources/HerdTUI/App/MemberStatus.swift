import HerdCore

/// A member as the panel shows it: the member, and whether its server answers.
public struct MemberStatus: Sendable, Hashable {
    public var member: Member
    public var reachable: Bool
    /// Why it is not available, when it is not.
    public var problem: String?
    /// Where the router's confidences for it come from (your data, public data, prior), when known.
    public var source: ConfidenceSource?
    public init(member: Member, reachable: Bool = true, problem: String? = nil, source: ConfidenceSource? = nil) {
        self.member = member
        self.reachable = reachable
        self.problem = problem
        self.source = source
    }
    public var name: String { member.name }
}
