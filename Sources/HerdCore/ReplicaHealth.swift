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
    }

    /// A request ended well (or a probe answered): the circuit closes.
    public mutating func succeeded(policy: HealthPolicy, request: Bool = true) {
        if request { inFlight = max(0, inFlight - 1); served += 1 }
        state = .up
        consecutiveFailures = 0
        retryAt = nil
        backoff = policy.initialBackoff
    }

    /// A request was given up by the caller (cancelled): says nothing about the server.
    public mutating func abandoned() { inFlight = max(0, inFlight - 1) }

    /// A request (or a probe) failed at `now`.
    public mutating func failed(_ failure: ReplicaFailure, now: Double, policy: HealthPolicy, request: Bool = true) {
        if request { inFlight = max(0, inFlight - 1); failures += 1 }
        consecutiveFailures += 1
        lastError = failure.cause
        if failure.opensCircuit || consecutiveFailures >= policy.failuresToOpen {
            // A replica already down waits twice as long after each failed probe.
            if state == .down { backoff = min(policy.maxBackoff, backoff * 2) }
            state = .down
            retryAt = now + backoff
        } else {
            state = .degraded
        }
    }

    /// A probe of a down replica went out: none other until it answers.
    public mutating func probing() { retryAt = nil }

    /// `true` when a probe should go out now.
    public func probeDue(now: Double) -> Bool { state == .down && retryAt.map { $0 <= now } == true }
}
