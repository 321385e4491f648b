/// The health of every replica of the herd, keyed by replica (a server's base URL), and the choice
/// of replica for a request. A pure state machine: callers pass the time in, tests drive it directly.
public struct FleetHealth: Sendable, Hashable {
    public private(set) var replicas: [String: ReplicaHealth] = [:]
    public let policy: HealthPolicy

    public init(policy: HealthPolicy = .standard) {
        self.policy = policy
    }

    /// A replica's health; one never heard of is up.
    public subscript(key: String) -> ReplicaHealth {
        replicas[key] ?? ReplicaHealth(policy: policy)
    }

    /// The replica to send a request to among `keys` (in the member's order), skipping `excluded`:
    /// an up one before a degraded one, then the one with fewest requests in flight, then the one
    /// with the shortest measured time to first token (unmeasured after measured), then the first
    /// listed. Down replicas are never chosen: probes bring them back. `nil` when none is left.
    public func pick(_ keys: [String], model: String, excluding excluded: Set<String> = []) -> String? {
        let candidates = keys.enumerated().filter { !excluded.contains($0.element) && self[$0.element].state != .down }
        return candidates.min { a, b in
            let x = self[a.element], y = self[b.element]
            if x.state != y.state { return x.state == .up }
            if x.inFlight != y.inFlight { return x.inFlight < y.inFlight }
            switch (x.ttft[model], y.ttft[model]) {
            case let (p?, q?) where p != q: return p < q
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }?.element
    }

    public mutating func started(_ key: String) { update(key) { $0.started() } }

    public mutating func firstToken(_ key: String, model: String, after seconds: Double) {
        let p = policy
        update(key) { $0.firstToken(model, after: seconds, policy: p) }
    }

    public mutating func succeeded(_ key: String) {
        let p = policy
        update(key) { $0.succeeded(policy: p) }
    }

    public mutating func abandoned(_ key: String) { update(key) { $0.abandoned() } }

    public mutating func failed(_ key: String, _ failure: ReplicaFailure, now: Double) {
        let p = policy
        update(key) { $0.failed(failure, now: now, policy: p) }
    }

    /// The down replicas whose back-off has run out, marked as being probed (each is handed out once).
    public mutating func claimProbes(now: Double) -> [String] {
        let due = replicas.filter { $0.value.probeDue(now: now) }.map(\.key).sorted()
        for key in due { update(key) { $0.probing() } }
        return due
    }

    /// A probe's answer: a down replica that answers is up again; one that does not (down or
    /// degraded) is down and waits longer. An answer from a degraded replica changes nothing: it
    /// answers probes but failed real traffic, which only real traffic can clear.
    public mutating func probed(_ key: String, ok: Bool, cause: String = "no answer to the probe", now: Double) {
        let p = policy
        update(key) {
            if !ok {
                $0.failed(.unreachable(cause), now: now, policy: p, request: false)
            } else if $0.state == .down {
                $0.succeeded(policy: p, request: false)
            }
        }
    }

    /// How many of `keys` are not down.
    public func upCount(_ keys: [String]) -> Int { keys.filter { self[$0].state != .down }.count }

    /// The shortest measured time to first token of `model` among `keys` that are not down; `nil`
    /// when none was measured.
    public func latency(_ keys: [String], model: String) -> Double? {
        keys.filter { self[$0].state != .down }.compactMap { self[$0].ttft[model] }.min()
    }

    private mutating func update(_ key: String, _ change: (inout ReplicaHealth) -> Void) {
        var h = self[key]
        change(&h)
        replicas[key] = h
    }
}
