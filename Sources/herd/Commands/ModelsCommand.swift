import ArgumentParser
import Foundation
import HerdBackends
import HerdCore
import HerdRouter
import HerdSession

/// `herd models [--json]`: the servers found and the members they offer.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the herd's members: server, protocol, size, loaded or not, reachable or not.")

    @Flag(help: "Print one JSON object: {\"servers\": […], \"members\": […]}.")
    var json = false

    @Option(help: "Seconds to wait for each server while probing.")
    var probeTimeout: Double = 1.5

    @OptionGroup var servers: ServerOptions

    func run() async throws {
        let (settings, _) = try await StartupWarmup.settings(streamTimeout: servers.streamTimeout)
        let discovery = try await HerdRuntime.discover(cliServers: servers.servers, configServers: settings.servers,
                                                       timeout: probeTimeout, streamTimeout: settings.streamTimeout,
                                                       remember: settings.knownServersFile, environment: settings.environment)
        let (router, problem) = try settings.loadRouter(override: nil)
        let members = settings.herd(discovery, router: router)
        if let problem { StandardError.write("herd: \(problem)\n") }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let report = ModelsReport(discovery: discovery, members: members, router: router)
            StandardOutput.write(try enc.encode(report))
            StandardOutput.write("\n")
        } else {
            print(Self.table(discovery: discovery, members: members, router: router), terminator: "")
        }
        if members.isEmpty {
            let tried = discovery.servers.map(\.endpoint.baseURL).joined(separator: ", ")
            StandardError.write("herd: no chat models found (probed \(tried)); start a server or pass --server URL\n")
            throw ExitCode.failure
        }
    }

    /// A plain-text table: members, then servers that are down or list only embedding models.
    static func table(discovery: DiscoveryResult, members: [Member], router: Router) -> String {
        var rows: [[String]] = [["MEMBER", "SERVER", "PROTOCOL", "SIZE", "LOADED", "REACHABLE", "PROFILE", "ROUTED ON"]]
        var replicaLines: [Int: [String]] = [:]
        for m in members {
            let status = discovery.status(for: m)
            let states = replicaStates(m, discovery: discovery)
            if m.replicas.count > 1 {
                replicaLines[rows.count] = zip(m.replicas, states).map { e, s in "  ↳ \(e.name) (\(e.baseURL)): \(s.rawValue)" }
            }
            rows.append([
                m.name,
                m.replicas.count > 1 ? "\(states.filter { $0 == .up }.count)/\(m.replicas.count) up" : m.endpoint.name,
                status?.proto?.rawValue ?? "?",
                m.sizeB.map(formatSize) ?? "—",
                m.loaded.map { $0 ? "yes" : "no" } ?? "—",
                status?.reachable == true ? "yes" : "no",
                m.profile ?? "unknown",
                routedOn(router.source(for: m)),
            ])
        }
        var out = ""
        if members.isEmpty {
            out += "no chat members found\n"
        } else {
            let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
            for (n, r) in rows.enumerated() {
                out += r.enumerated().map { i, c in i == r.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ") + "\n"
                for l in replicaLines[n] ?? [] { out += l + "\n" }
            }
        }
        for s in discovery.servers {
            let embedders = s.models.filter { !$0.canChat }.map(\.id)
            if !s.reachable {
                // Default ports with nothing on them are normal; say so quietly.
                out += s.probedByDefault
                    ? "  \(s.endpoint.name): nothing listening\n"
                    : "  \(s.endpoint.name): unreachable — \(s.error ?? "no answer")\n"
            } else if let e = s.error {
                out += "  \(s.endpoint.name) (\(s.proto?.rawValue ?? "unknown protocol")): \(e)\n"
            }
            if !embedders.isEmpty {
                out += "  \(s.endpoint.name): embedding-only models (not members): \(embedders.joined(separator: ", "))\n"
            }
        }
        return out
    }

    /// Each replica's state now: this command probes every server when it runs, so a replica is up
    /// when its server lists the model at that moment and down when the server does not answer.
    /// Health learnt from traffic (degraded, slow) belongs to a running chat, whose panel shows it
    /// and whose idle probes keep it current; a one-shot command has no traffic to learn from.
    static func replicaStates(_ m: Member, discovery: DiscoveryResult) -> [ReplicaState] {
        m.replicas.map { e in
            guard let s = discovery.status(at: e.baseURL), s.reachable, s.error == nil else { return .down }
            return s.models.contains { $0.id == m.modelID } ? .up : .degraded
        }
    }

    /// The ROUTED ON column: "your data", "public data", or "prior".
    static func routedOn(_ source: ConfidenceSource) -> String {
        switch source {
        case .yourData: "your data"
        case .publicData: "public data"
        case .prior: "prior"
        }
    }

    /// Billions of parameters as "8.0B", "567M" or, for the tiny test models, "52K".
    static func formatSize(_ b: Double) -> String {
        if b >= 1 { return String(format: "%.1fB", b) }
        if b >= 0.001 { return String(format: "%.0fM", b * 1000) }
        return String(format: "%.0fK", b * 1e6)
    }
}

/// The JSON shape of `herd models --json`.
struct ModelsReport: Encodable {
    struct Server: Encodable {
        var url: String
        var name: String
        var `protocol`: String?
        var reachable: Bool
        var error: String?
        var models: [ModelInfo]
    }

    struct MemberRow: Encodable {
        var name: String
        var model: String
        var server: String
        var url: String
        var `protocol`: String?
        var sizeB: Double?
        var loaded: Bool?
        var reachable: Bool
        /// The model's name in routing data; `null` when unknown.
        var profile: String?
        /// Where the router's confidences come from: "your data", "public data" or "prior".
        var routedOn: String
        /// Every server that serves the member, `server` first, with its state.
        var replicas: [Replica]
    }

    struct Replica: Encodable {
        var server: String
        var url: String
        var state: String
    }

    var servers: [Server]
    var members: [MemberRow]

    init(discovery: DiscoveryResult, members: [Member], router: Router) {
        servers = discovery.servers.map {
            Server(url: $0.endpoint.baseURL, name: $0.endpoint.name, protocol: $0.proto?.rawValue, reachable: $0.reachable,
                   error: $0.error, models: $0.models)
        }
        self.members = members.map { m in
            let s = discovery.status(for: m)
            return MemberRow(name: m.name, model: m.modelID, server: m.endpoint.name, url: m.endpoint.baseURL,
                             protocol: s?.proto?.rawValue, sizeB: m.sizeB, loaded: m.loaded, reachable: s?.reachable == true,
                             profile: m.profile, routedOn: ModelsCommand.routedOn(router.source(for: m)),
                             replicas: zip(m.replicas, ModelsCommand.replicaStates(m, discovery: discovery)).map {
                                 Replica(server: $0.name, url: $0.baseURL, state: $1.rawValue)
                             })
        }
    }
}
