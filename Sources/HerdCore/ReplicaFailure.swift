/// What went wrong with a request to a replica, as far as its health is concerned.
public enum ReplicaFailure: Sendable, Hashable {
    /// Nothing listens (connection refused, host unknown): the circuit opens at once.
    case unreachable(String)
    /// Timed out, cut off, or a server error: counts towards opening the circuit.
    case broken(String)

    public var cause: String {
        switch self {
        case let .unreachable(c), let .broken(c): c
        }
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
        case .timeout, .interrupted, .protocolError, .unknownModel: self = .broken("\(e)")
        case let .http(_, status, _): if status >= 500 || status == 429 { self = .broken("\(e)") } else { return nil }
        default: return nil
        }
    }
}
