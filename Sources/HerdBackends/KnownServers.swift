import Foundation
import HerdCore

/// What the last discovery found on each server: its protocol and its models. Kept in the data folder
/// (`servers.json`) so that `herd ask --model M` can send its request at once instead of probing
/// servers it already knows: probing took 6.7 ms of the 17 ms before the request (issue 14).
///
/// It is only a cache. A command that finds it stale (the member is not in it, or no replica answers
/// before the first token) discovers again and rewrites it. It holds base URLs, protocols and model
/// lists: never a key, and not the endpoints' settings, which come from today's config and flags.
public struct KnownServers: Codable, Sendable, Equatable {
    /// One reachable server as discovery found it.
    public struct Server: Codable, Sendable, Equatable {
        public var baseURL: String
        public var proto: ServerProtocol
        public var models: [ModelInfo]
    }

    /// The base URLs discovery probed, in order: the cache stands only for the same list.
    public var probed: [String]
    /// The reachable servers among them whose protocol and models are known.
    public var servers: [Server]

    /// The file's format; another version is ignored (discovery runs and rewrites it).
    public var version = KnownServers.currentVersion
    static let currentVersion = 1

    /// What a discovery of `targets` found.
    public init(targets: [ServerEndpoint], result: DiscoveryResult) {
        probed = targets.map(\.baseURL)
        servers = result.servers.compactMap { s in
            guard s.reachable, s.error == nil, let p = s.proto else { return nil }
            return Server(baseURL: s.endpoint.baseURL, proto: p, models: s.models)
        }
    }

    /// The discovery this cache stands for, when it was made for exactly these targets (same base
    /// URLs, same order); `nil` otherwise. Protocols and models come from the cache, everything else
    /// about an endpoint (name, key variable, timeout) from `targets`.
    public func result(for targets: [ServerEndpoint], streamTimeout: Double) -> DiscoveryResult? {
        guard targets.map(\.baseURL) == probed, !servers.isEmpty else { return nil }
        var statuses: [ServerStatus] = []
        for target in targets {
            guard let known = servers.first(where: { $0.baseURL == target.baseURL }) else {
                // Unreachable when the cache was written: left out, as discovery leaves out its members.
                continue
            }
            // A protocol the user states wins; a cached one that contradicts it means the cache is old.
            if let stated = target.proto, stated != known.proto { return nil }
            var e = target
            e.proto = known.proto
            let server = Backends.make(e, proto: known.proto, streamTimeout: e.timeout ?? streamTimeout)
            statuses.append(ServerStatus(endpoint: e, proto: known.proto, reachable: true, models: known.models, server: server))
        }
        return DiscoveryResult(servers: statuses, members: Discovery.members(of: statuses))
    }

    /// The cache at `path`; `nil` when there is none or it cannot be read (a cache never stops a command).
    public static func load(from path: String) -> KnownServers? {
        guard let data = FileManager.default.contents(atPath: path),
              let known = try? JSONDecoder().decode(KnownServers.self, from: data),
              known.version == currentVersion else { return nil }
        return known
    }

    /// Writes the cache atomically, creating its folder.
    public func save(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
