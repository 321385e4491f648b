/// A member chosen by the user instead of the router.
public struct Pin: Sendable, Hashable {
    public enum Scope: Sendable, Hashable { case nextMessage, conversation }
    public var member: String
    public var scope: Scope
    public init(member: String, scope: Scope) {
        self.member = member
        self.scope = scope
    }
}
