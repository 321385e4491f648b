import Foundation
import HerdBackends
import HerdCore

/// The herd as discovered: members and the servers that serve them.
public final class HerdRuntime: Sendable {
    public let discovery: DiscoveryResult

    public init(discovery: DiscoveryResult) {
        self.discovery = discovery
    }

    public var members: [Member] { discovery.members }

    /// A member by name, model id, or unique prefix.
    public func member(named name: String) -> Member? {
        members.first { $0.name == name } ?? members.first { $0.modelID == name }
            ?? { let hits = members.filter { $0.name.hasPrefix(name) }; return hits.count == 1 ? hits[0] : nil }()
    }

    public func server(for member: Member) -> (any ModelServer)? { discovery.server(for: member) }

    /// Members whose server does not answer.
    public var unreachable: Set<String> {
        Set(members.filter { discovery.status(for: $0)?.reachable != true }.map(\.name))
    }

    /// A one-line account of servers that could not be reached, for errors and notices.
    public var serverProblems: String? {
        let bad = discovery.servers.filter { !$0.reachable && !$0.probedByDefault }
        guard !bad.isEmpty else { return nil }
        return bad.map { $0.error ?? "\($0.endpoint.baseURL) is unreachable" }.joined(separator: "; ")
    }

    /// Discovers servers from `--server`, `HERD_SERVERS` and the config, or probes the usual ports.
    public static func discover(cliServers: [String], configServers: [ServerEndpoint], timeout: Double = 1.5,
                                streamTimeout: Double) async throws -> DiscoveryResult {
        var endpoints = try Backends.endpoints(cli: cliServers)
        if endpoints.isEmpty { endpoints = configServers }
        return await Discovery.run(endpoints: endpoints, timeout: timeout, environment: ProcessInfo.processInfo.environment,
                                   streamTimeout: streamTimeout)
    }
}
