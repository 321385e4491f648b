import Foundation
import HerdCore
import Synchronization

/// The herd's replicas at run time: a client per server and their health (`FleetHealth`), with
/// the clock the health machine is driven by. Probes of down replicas run in the background when
/// their back-off has run out, so a request never waits on a replica known to be down.
public final class Fleet: Sendable {
    private let servers: [String: any ModelServer]
    private let health: Mutex<FleetHealth>
    private let clock: @Sendable () -> Double
    /// Seconds a probe waits for an answer.
    public let probeTimeout: Double

    /// - Parameters:
    ///   - servers: a client per server base URL.
    ///   - clock: seconds on a monotonic clock (tests inject one).
    public init(servers: [String: any ModelServer], policy: HealthPolicy = .standard, probeTimeout: Double = 3,
                clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.servers = servers
        self.health = Mutex(FleetHealth(policy: policy))
        self.clock = clock
        self.probeTimeout = probeTimeout
    }

    /// The fleet of a discovery: every server that has a client. One that gave discovery no model
    /// list (a configured protocol gives it a client all the same) starts down, so that no request
    /// waits on it and probes bring it in when it answers.
    public convenience init(discovery: DiscoveryResult, policy: HealthPolicy = .standard, probeTimeout: Double = 3,
                            clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        var servers: [String: any ModelServer] = [:]
        for s in discovery.servers { if let c = s.server { servers[s.endpoint.baseURL] = c } }
        self.init(servers: servers, policy: policy, probeTimeout: probeTimeout, clock: clock)
        let now = clock()
        health.withLock { h in
            for s in discovery.servers where s.server != nil && (!s.reachable || s.error != nil) {
                h.probed(s.endpoint.baseURL, ok: false, cause: s.error ?? "\(s.endpoint.name) did not answer", now: now)
            }
        }
    }

    public var now: Double { clock() }

    /// The client of one replica.
    public func server(at baseURL: String) -> (any ModelServer)? { servers[baseURL] }

    /// The health of every replica now.
    public var snapshot: FleetHealth { health.withLock { $0 } }

    /// Changes the health state under the lock (requests report through this).
    public func record(_ change: (inout FleetHealth) -> Void) {
        health.withLock { change(&$0) }
    }

    /// The replica of `member` a request should go to now, skipping `excluded`; starts the probes
    /// that are due first (in the background).
    public func pick(_ member: Member, excluding excluded: Set<String> = []) -> String? {
        probeDue()
        let keys = member.replicas.map(\.baseURL).filter { servers[$0] != nil }
        return health.withLock { $0.pick(keys, model: member.modelID, excluding: excluded) }
    }

    /// Picks a replica as `pick` does and counts the request as in flight on it, under one lock:
    /// requests starting at the same moment spread instead of all taking the same idle replica.
    public func claim(_ member: Member, excluding excluded: Set<String> = []) -> String? {
        probeDue()
        let keys = member.replicas.map(\.baseURL).filter { servers[$0] != nil }
        return health.withLock { h in
            let key = h.pick(keys, model: member.modelID, excluding: excluded)
            if let key { h.started(key) }
            return key
        }
    }

    /// "2/3 up" for a member with several replicas.
    public func upCount(of member: Member) -> (up: Int, total: Int) {
        let keys = member.replicas.map(\.baseURL)
        return (health.withLock { $0.upCount(keys) }, keys.count)
    }

    /// Probes, in the background, the down replicas whose back-off has run out.
    public func probeDue() {
        let due = health.withLock { $0.claimProbes(now: clock()) }
        for key in due {
            guard let server = servers[key] else { continue }
            Task.detached { await self.probe(key, server) }
        }
    }

    /// Probes the due replicas and waits for the answers (tests, and callers with nothing else to do).
    public func probeDueAndWait() async {
        await probe(health.withLock { $0.claimProbes(now: clock()) })
    }

    /// What a long-running session does on its timer: probes the down replicas whose back-off has
    /// run out and the others that have been idle and unheard for `HealthPolicy.idleProbeInterval`,
    /// and waits for the answers. Each probe asks the server for its model list or health (never a
    /// generation), and never two of one server at once. One-shot commands never call this.
    /// - Returns: the replicas probed.
    @discardableResult
    public func probeIdleAndWait() async -> [String] {
        let now = clock()
        let keys = health.withLock { h -> [String] in
            let down = h.claimProbes(now: now)
            return down + h.claimIdleProbes(Array(servers.keys), now: now).filter { !down.contains($0) }
        }
        await probe(keys)
        return keys
    }

    /// Probes one replica now, in the background (after it broke a stream: a dead server is taken
    /// out at once instead of at its next request), unless a probe of it is already out.
    public func probeSoon(_ key: String) {
        guard let server = servers[key], health.withLock({ $0.claimProbe(key) }) else { return }
        Task.detached { await self.probe(key, server) }
    }

    private func probe(_ keys: [String]) async {
        await withTaskGroup(of: Void.self) { group in
            for key in keys {
                guard let server = servers[key] else { continue }
                group.addTask { await self.probe(key, server) }
            }
        }
    }

    private func probe(_ key: String, _ server: any ModelServer) async {
        let ok = await Self.answers(server, within: probeTimeout)
        health.withLock { $0.probed(key, ok: ok, now: clock()) }
    }

    /// `true` when `server.health()` says yes within `seconds` (a stopped process never answers).
    static func answers(_ server: any ModelServer, within seconds: Double) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await server.health() }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
