/// What went wrong with a request to a replica, as far as its health is concerned.
public enum ReplicaFailure: Sendable, Hashable {
    /// Nothing listens (connection refused, host unknown): the circuit opens at once.
    case unreachable(String)
    /// Sent nothing for the stream timeout (a hung or stopped process): the circuit opens at once,
    /// so that no other request waits that long on it.
    case hung(String)
    /// Cut off, or a server error: counts towards opening the circuit.
    case broken(String)

    public var cause: String {
        switch self {
        case let .unreachable(c), let .hung(c), let .broken(c): c
        }
    }

    /// `true` when one such failure is enough to take the replica out until a probe brings it back.
    public var opensCircuit: Bool {
        if case .broken = self { return false }
        return true
    }

    /// How a `HerdError` bears on health: `nil` for errors that say nothing about the server
    /// (a bad request, an unknown model).
    public init?(_ error: Error) {
        guard let e = error as? HerdError else {
            self = .broken(String(describing: error))
            return
        }
        switch e {
        case .unreachable: self = .unreachable("\(e)")
        case .timeout: self = .hung("\(e)")
        case .interrupted, .protocolError, .unknownModel: self = .broken("\(e)")
        case let .http(_, status, _): if status >= 500 || status == 429 { self = .broken("\(e)") } else { return nil }
        default: return nil
        }
    }
}
