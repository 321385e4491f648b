import Foundation

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

    /// The first token of `model` came from `key` after `seconds`; `siblings` are the replicas of
    /// the same member (`key` among them), against which its speed is judged (`judgeSpeed`).
    public mutating func firstToken(_ key: String, model: String, after seconds: Double, siblings: [String] = []) {
        let p = policy
        update(key) { $0.firstToken(model, after: seconds, policy: p) }
        judgeSpeed(siblings, model: model)
    }

    /// Marks slow, or no longer slow, the replicas among `keys` (one member's) whose time to first
    /// token of `model` differs from their quickest sibling's as `HealthPolicy` says: slow when the
    /// median of its latest `slowSamples` first tokens is over `slowFactor` times the quickest other
    /// replica's moving average and over `slowFloor`; up again when that median is at most
    /// `recoverFactor` times it, or under the floor.
    /// A member with one replica has no sibling to compare with and is never slow by this rule: how
    /// slow it is reaches the router as its cost instead (`latency`).
    public mutating func judgeSpeed(_ keys: [String], model: String) {
        var seen = Set<String>()
        let measured = keys.filter { seen.insert($0).inserted && self[$0].state != .down && self[$0].ttft[model] != nil }
        guard measured.count > 1 else { return }
        let p = policy
        for key in measured {
            let h = self[key]
            guard let t = h.recentMedian(model, policy: p),
                  let best = measured.filter({ $0 != key }).compactMap({ self[$0].ttft[model] }).min() else { continue }
            if !h.slow, t > p.slowFactor * best, t > p.slowFloor {
                let cause = String(format: "slow: %.1f s to the first token (median of %d), %.0f× its quickest sibling's %.2f s",
                                   t, p.slowSamples, t / max(best, 1e-9), best)
                update(key) { $0.setSlow(true, cause: cause) }
            } else if h.slow, t <= p.recoverFactor * best || t <= p.slowFloor {
                update(key) { $0.setSlow(false) }
            }
        }
    }

    /// A request to `key` ended well, at `now` when the caller knows it (idle probes wait from then).
    public mutating func succeeded(_ key: String, now: Double? = nil) {
        let p = policy
        update(key) { $0.succeeded(policy: p, now: now) }
    }

    public mutating func abandoned(_ key: String) { update(key) { $0.abandoned() } }

    public mutating func failed(_ key: String, _ failure: ReplicaFailure, now: Double) {
        let p = policy
        update(key) { $0.failed(failure, now: now, policy: p) }
    }

    /// The down replicas whose back-off has run out, marked as being probed (each is handed out once).
    public mutating func claimProbes(now: Double) -> [String] {
        let due = replicas.filter { $0.value.probeDue(now: now) }.map(\.key).sorted()
        for key in due { update(key) { $0.probeSent() } }
        return due
    }

    /// The replicas among `keys` that are not down, have nothing in flight and have gone unheard for
    /// `HealthPolicy.idleProbeInterval`, marked as being probed (long-running sessions call this on
    /// a timer; one-shot commands never do). A replica not heard of at all starts its wait now.
    public mutating func claimIdleProbes(_ keys: [String], now: Double) -> [String] {
        var due: [String] = []
        for key in Set(keys).sorted() {
            let h = self[key]
            if h.heardAt == nil, h.state != .down {
                update(key) { $0.heardAt = now }
            } else if h.idleProbeDue(now: now, policy: policy) {
                update(key) { $0.probeSent() }
                due.append(key)
            }
        }
        return due
    }

    /// Marks `key` as being probed; `false` when a probe of it is already out (never two at once).
    public mutating func claimProbe(_ key: String) -> Bool {
        guard !self[key].probing else { return false }
        update(key) { $0.probeSent() }
        return true
    }

    /// A probe's answer. One that does not answer takes the replica down (it waits longer if it was
    /// down already). One that answers brings a down replica up, and gives a slow one a fresh trial
    /// (`ReplicaHealth.retry`). A replica degraded by a failure stays degraded when it answers soon
    /// after (the probe right after a broken stream: answering does not undo the break), and is up
    /// again when it answers a probe `idleProbeInterval` or more after its last failure: one failure
    /// that long ago was a hiccup, and without this it would stay degraded for good, since requests
    /// go to up siblings first.
    public mutating func probed(_ key: String, ok: Bool, cause: String = "no answer to the probe", now: Double) {
        let p = policy
        update(key) {
            $0.probing = false
            if !ok {
                $0.failed(.unreachable(cause), now: now, policy: p, request: false)
                return
            }
            $0.heardAt = now
            if $0.state == .down {
                $0.succeeded(policy: p, request: false)
            } else if $0.slow {
                $0.retry()
            } else if $0.state == .degraded, $0.failedAt.map({ now - $0 >= p.idleProbeInterval }) ?? true {
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
