import Foundation
import HerdBackends
import HerdCore

/// The herd as discovered: members and the servers that serve them.
public final class HerdRuntime: Sendable {
    public let discovery: DiscoveryResult
    /// Every server's client and health: requests go to a member's best replica and fail over.
    public let fleet: Fleet

    public init(discovery: DiscoveryResult, fleet: Fleet? = nil) {
        self.discovery = discovery
        self.fleet = fleet ?? Fleet(discovery: discovery)
    }

    public var members: [Member] { discovery.members }

    /// A member by name, model id, or unique prefix.
    public func member(named name: String) -> Member? {
        members.first { $0.name == name } ?? members.first { $0.modelID == name }
            ?? { let hits = members.filter { $0.name.hasPrefix(name) }; return hits.count == 1 ? hits[0] : nil }()
    }

    /// The member's replicas as one server (see `ReplicatedServer`); `nil` when none has a client.
    public func server(for member: Member) -> (any ModelServer)? {
        member.replicas.contains { fleet.server(at: $0.baseURL) != nil } ? ReplicatedServer(member: member, fleet: fleet) : nil
    }

    /// The member's replicas that are up: with a client, and neither degraded nor down (the panel's
    /// "2/3 up"). A replica whose server did not answer discovery starts down (`Fleet`).
    public func replicasUp(_ member: Member, health: FleetHealth? = nil) -> Int {
        replicas(member, health: health ?? fleet.snapshot) { $0 == .up }
    }

    /// The member's replicas a request may go to: with a client, and not down.
    public func replicasUsable(_ member: Member, health: FleetHealth? = nil) -> Int {
        replicas(member, health: health ?? fleet.snapshot) { $0 != .down }
    }

    private func replicas(_ member: Member, health: FleetHealth, _ counts: (ReplicaState) -> Bool) -> Int {
        member.replicas.filter { fleet.server(at: $0.baseURL) != nil && counts(health[$0.baseURL].state) }.count
    }

    /// Members no replica of which may be used: none has a client, or all are down.
    public func unreachable(among members: [Member]) -> Set<String> {
        let health = fleet.snapshot
        return Set(members.filter { replicasUsable($0, health: health) == 0 }.map(\.name))
    }

    /// Discovered members no replica of which answers.
    public var unreachable: Set<String> { unreachable(among: members) }

    /// A one-line account of servers that could not be reached, for errors and notices.
    public var serverProblems: String? {
        let bad = discovery.servers.filter { !$0.reachable && !$0.probedByDefault }
        guard !bad.isEmpty else { return nil }
        return bad.map { $0.error ?? "\($0.endpoint.baseURL) is unreachable" }.joined(separator: "; ")
    }

    /// Discovers servers from `--server`, `HERD_SERVERS` and the config, or probes the usual ports.
    ///
    /// - Parameters:
    ///   - remember: where to keep what was found (`Settings.knownServersFile`), for `known`;
    ///     a cache that cannot be written is passed over.
    ///   - environment: the command's (`Settings.environment`); the process's when `nil`.
    public static func discover(cliServers: [String], configServers: [ServerEndpoint], timeout: Double = 1.5,
                                streamTimeout: Double, remember: String? = nil,
                                environment: [String: String]? = nil) async throws -> DiscoveryResult {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let endpoints = try endpoints(cliServers: cliServers, configServers: configServers, environment: environment)
        let result = await Discovery.run(endpoints: endpoints, timeout: timeout, environment: environment,
                                         streamTimeout: streamTimeout)
        if let remember, result.servers.contains(where: \.reachable) {
            let targets = Discovery.targets(endpoints: endpoints, environment: environment).map(\.0)
            try? KnownServers(targets: targets, result: result).save(to: remember)
        }
        return result
    }

    /// What the last discovery of the same servers found (`remembered`, see `KnownServers`), without
    /// probing; `nil` when nothing is remembered for them.
    /// - Parameter environment: the command's (`Settings.environment`).
    public static func known(cliServers: [String], configServers: [ServerEndpoint], streamTimeout: Double,
                             remembered: KnownServers?, environment: [String: String]) throws -> DiscoveryResult? {
        let endpoints = try endpoints(cliServers: cliServers, configServers: configServers, environment: environment)
        let targets = Discovery.targets(endpoints: endpoints, environment: environment).map(\.0)
        return remembered?.result(for: targets, streamTimeout: streamTimeout)
    }

    /// The servers a command uses: `--server` or `HERD_SERVERS`, else the config's.
    static func endpoints(cliServers: [String], configServers: [ServerEndpoint], environment: [String: String]) throws -> [ServerEndpoint] {
        let endpoints = try Backends.endpoints(cli: cliServers, environment: environment)
        return endpoints.isEmpty ? configServers : endpoints
    }
}
