/// How a replica (one server serving a member) is doing, as the panel and `herd models` show it.
public enum ReplicaState: String, Sendable, Hashable, Codable {
    /// Answering; the first choice.
    case up
    /// Failed lately (once, or is slow to start): used only when no replica is up.
    case degraded
    /// The circuit is open: not used until a probe after its back-off says it answers again.
    case down
}
