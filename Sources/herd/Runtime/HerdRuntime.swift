import Foundation
import HerdBackends
import HerdCore
import HerdRouter

/// The herd as discovered: members, the servers that serve them, and the router.
final class HerdRuntime: @unchecked Sendable {
    let discovery: DiscoveryResult
    let router: Router

    init(discovery: DiscoveryResult, router: Router) {
        self.discovery = discovery
        self.router = router
    }

    var members: [Member] { discovery.members }

    /// A member by name, model id, or unique prefix.
    func member(named name: String) -> Member? {
        members.first { $0.name == name } ?? members.first { $0.modelID == name }
            ?? { let hits = members.filter { $0.name.hasPrefix(name) }; return hits.count == 1 ? hits[0] : nil }()
    }

    func server(for member: Member) -> (any ModelServer)? { discovery.server(for: member) }

    /// Members whose server does not answer.
    var unreachable: Set<String> {
        Set(members.filter { discovery.status(for: $0)?.reachable != true }.map(\.name))
    }

    /// A one-line account of servers that could not be reached, for errors and notices.
    var serverProblems: String? {
        let bad = discovery.servers.filter { !$0.reachable && !$0.probedByDefault }
        guard !bad.isEmpty else { return nil }
        return bad.map { $0.error ?? "\($0.endpoint.baseURL) is unreachable" }.joined(separator: "; ")
    }

    /// Discovers servers from `--server`, `HERD_SERVERS` and the config, or probes the usual ports.
    static func discover(cliServers: [String], configServers: [ServerEndpoint], timeout: Double = 1.5,
                         streamTimeout: Double) async throws -> DiscoveryResult {
        var endpoints = try Backends.endpoints(cli: cliServers)
        if endpoints.isEmpty { endpoints = configServers }
        return await Discovery.run(endpoints: endpoints, timeout: timeout, environment: ProcessInfo.processInfo.environment,
                                   streamTimeout: streamTimeout)
    }
}
