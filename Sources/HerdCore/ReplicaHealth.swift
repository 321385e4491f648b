/// One server's health as a replica: what real traffic and probes have shown, with the times they
/// happened on the caller's clock (nothing here reads a clock). State and load are the server's
/// (a dead server fails every model on it); time to first token is per model.
public struct ReplicaHealth: Sendable, Hashable {
    public var state: ReplicaState = .up
    public var consecutiveFailures = 0
    /// Requests sent to it that have not ended.
    public var inFlight = 0
    /// Moving average of seconds from request to first token, per model id; none until one arrived.
    public var ttft: [String: Double] = [:]
    /// The latest times to first token per model id (at most `HealthPolicy.slowSamples`, oldest
    /// first) since the replica was last given a fresh trial: its speed is judged on their median.
    public var recent: [String: [Double]] = [:]
    /// Degraded because it starts answering several times slower than a sibling (see `FleetHealth.judgeSpeed`),
    /// not because it failed.
    public var slow = false
    /// A probe of it is out: no second one goes until it answers.
    public var probing = false
    /// When it was last heard from: a request ended or failed, a probe answered (or, for a replica
    /// not heard from at all, when the session first looked). Idle probes go by it.
    public var heardAt: Double?
    /// When it last failed a request or a probe.
    public var failedAt: Double?
    /// When a down replica may next be probed; `nil` when it is not down or a probe is out.
    public var retryAt: Double?
    /// The wait before the next probe after this one fails.
    public var backoff: Double
    /// The latest failure, for `herd models` and the panel.
    public var lastError: String?
    /// Requests sent, and of them those that ended well and that failed, since the start (`herd bench` reports them).
    public var requests = 0
    public var served = 0
    public var failures = 0

    public init(policy: HealthPolicy = .standard) {
        backoff = policy.initialBackoff
    }

    /// A request was sent.
    public mutating func started() {
        inFlight += 1
        requests += 1
    }

    /// The first token of `model` arrived `seconds` after the request was sent.
    public mutating func firstToken(_ model: String, after seconds: Double, policy: HealthPolicy) {
        ttft[model] = ttft[model].map { $0 + policy.ttftWeight * (seconds - $0) } ?? seconds
        var r = recent[model, default: []]
        r.append(seconds)
        if r.count > max(1, policy.slowSamples) { r.removeFirst(r.count - max(1, policy.slowSamples)) }
        recent[model] = r
    }

    /// The median of the latest `policy.slowSamples` times to first token of `model`; `nil` until
    /// there are that many. A median of three is moved by no single hiccup, either way.
    public func recentMedian(_ model: String, policy: HealthPolicy) -> Double? {
        let r = recent[model, default: []]
        guard r.count >= max(1, policy.slowSamples) else { return nil }
        return Median.of(r)
    }

    /// A request ended well (or a probe answered) at `now` when known: the circuit closes. A slow
    /// replica stays degraded: answering says nothing about its speed.
    public mutating func succeeded(policy: HealthPolicy, request: Bool = true, now: Double? = nil) {
        if request { inFlight = max(0, inFlight - 1); served += 1 }
        state = slow ? .degraded : .up
        consecutiveFailures = 0
        retryAt = nil
        backoff = policy.initialBackoff
        if let now { heardAt = now }
    }

    /// Marks it slow (degraded, with `cause` as its latest trouble) or no longer slow (up again
    /// unless a failure still degrades it).
    public mutating func setSlow(_ isSlow: Bool, cause: String? = nil) {
        guard isSlow != slow, state != .down else { return }
        slow = isSlow
        if isSlow {
            state = .degraded
            lastError = cause
        } else if consecutiveFailures == 0 {
            state = .up
        }
    }

    /// A fresh trial for a slow replica that answers a probe: up, and judged again on the next
    /// `HealthPolicy.slowSamples` first tokens (its averages are kept, so it still ranks after
    /// quicker siblings; the probe says nothing about its speed, only real traffic does).
    public mutating func retry() {
        slow = false
        recent = [:]
        if consecutiveFailures == 0 { state = .up }
    }

    /// A request was given up by the caller (cancelled): says nothing about the server.
    public mutating func abandoned() { inFlight = max(0, inFlight - 1) }

    /// A request (or a probe) failed at `now`.
    public mutating func failed(_ failure: ReplicaFailure, now: Double, policy: HealthPolicy, request: Bool = true) {
        if request { inFlight = max(0, inFlight - 1); failures += 1 }
        consecutiveFailures += 1
        lastError = failure.cause
        heardAt = now
        failedAt = now
        if failure.opensCircuit || consecutiveFailures >= policy.failuresToOpen {
            // A replica already down waits twice as long after each failed probe.
            if state == .down { backoff = min(policy.maxBackoff, backoff * 2) }
            state = .down
            // The probe that brings it back gives it a fresh trial of its speed too.
            slow = false
            retryAt = now + backoff
        } else {
            state = .degraded
        }
    }

    /// A probe went out: none other until it answers.
    public mutating func probeSent() {
        retryAt = nil
        probing = true
    }

    /// `true` when a probe of a down replica should go out now (its back-off has run out).
    public func probeDue(now: Double) -> Bool { state == .down && !probing && retryAt.map { $0 <= now } == true }

    /// `true` when a replica that is not down has been idle and unheard for `policy.idleProbeInterval`.
    public func idleProbeDue(now: Double, policy: HealthPolicy) -> Bool {
        state != .down && !probing && inFlight == 0 && heardAt.map { now - $0 >= policy.idleProbeInterval } == true
    }
}
