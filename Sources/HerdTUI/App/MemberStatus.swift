import HerdCore

/// A member as the panel shows it: the member, and whether its server answers.
public struct MemberStatus: Sendable, Hashable {
    public var member: Member
    public var reachable: Bool
    /// Why it is not available, when it is not.
    public var problem: String?
    /// Where the router's confidences for it come from (your data, public data, prior), when known.
    public var source: ConfidenceSource?
    /// Replicas up (neither degraded nor down), of `member.replicas.count`; the panel shows "2/3 up"
    /// for a member with several. The runner updates it at stream ends and when its probes change it.
    public var replicasUp: Int
    public init(member: Member, reachable: Bool = true, problem: String? = nil, source: ConfidenceSource? = nil,
                replicasUp: Int? = nil) {
        self.member = member
        self.replicasUp = replicasUp ?? (reachable ? member.replicas.count : 0)
        self.reachable = reachable
        self.problem = problem
        self.source = source
    }
    public var name: String { member.name }
    /// "2/3 up" when the member has several replicas, else `nil`.
    public var replicaText: String? {
        member.replicas.count > 1 ? "\(replicasUp)/\(member.replicas.count) up" : nil
    }
}
