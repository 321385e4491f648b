import HerdCore

/// The servers discovery probed and the chat members they offer.
public struct DiscoveryResult: Sendable {
    /// Every server probed, reachable or not, in the order given.
    public var servers: [ServerStatus]
    /// Chat-capable models of reachable servers; `loaded` and `sizeB` filled when the server says.
    /// A model id served by several servers is one member with several replicas, or (when the
    /// servers report different weights) named `id@host:port` on the later server.
    public var members: [Member]

    public init(servers: [ServerStatus], members: [Member]) {
        self.servers = servers
        self.members = members
    }

    /// The client for a member's server.
    public func server(for member: Member) -> (any ModelServer)? {
        servers.first { $0.endpoint.baseURL == member.endpoint.baseURL }?.server
    }

    /// The client for one server, by base URL.
    public func server(at baseURL: String) -> (any ModelServer)? {
        servers.first { $0.endpoint.baseURL == baseURL }?.server
    }

    /// Base URLs of the servers that gave no model list (unreachable, stopped, or failing): a
    /// replica the config lists on one of them is kept, as down (`HerdConfig.apply`).
    public var unanswered: Set<String> {
        Set(servers.filter { !$0.reachable || $0.error != nil }.map(\.endpoint.baseURL))
    }

    /// The status of one server, by base URL.
    public func status(at baseURL: String) -> ServerStatus? {
        servers.first { $0.endpoint.baseURL == baseURL }
    }

    /// The status of a member's server.
    public func status(for member: Member) -> ServerStatus? {
        servers.first { $0.endpoint.baseURL == member.endpoint.baseURL }
    }
}
