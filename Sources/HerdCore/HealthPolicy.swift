/// When a replica counts as degraded or down, and how long a down one is left alone.
public struct HealthPolicy: Sendable, Hashable {
    /// Consecutive failures that open the circuit (the replica goes down).
    public var failuresToOpen: Int
    /// Seconds before the first probe of a down replica; doubled after each failed probe.
    public var initialBackoff: Double
    /// The back-off never grows beyond this.
    public var maxBackoff: Double
    /// Weight of the newest time to first token in its moving average.
    public var ttftWeight: Double
    /// A replica is slow when its recent times to first token (their median: see `slowSamples`) are
    /// more than this many times its quickest sibling's average. Copies of the same weights should
    /// start equally fast; the prompts they are measured on differ in length, so a factor of 2
    /// happens by chance, while 3 over several requests is a real difference (a host short of CPU,
    /// a model swapped out of memory).
    public var slowFactor: Double
    /// ...and more than this many seconds: below a second a user hardly notices the wait, and a
    /// factor between two quick replicas is mostly noise.
    public var slowFloor: Double
    /// A slow replica is up again when its recent median falls to this many times its quickest sibling's
    /// (or below `slowFloor`). Lower than `slowFactor` so that a replica near the line does not
    /// flip between up and degraded at every request.
    public var recoverFactor: Double
    /// How many of a replica's latest first tokens its speed is judged on (their median), and so
    /// how many it must have shown before it is judged at all: one slow request is a hiccup (a long
    /// prompt, a cold cache) and cannot move a median of three; two slow ones in three can.
    public var slowSamples: Int
    /// Seconds a replica that is not down may go unheard (no request ended, no probe answered)
    /// before a long-running session probes it. Long enough that probes cost nothing a user could
    /// notice (one model list per server per half minute), short enough that the panel's "2/3 up"
    /// is not long wrong about a replica that died or came back while nobody asked anything.
    public var idleProbeInterval: Double

    public init(failuresToOpen: Int = 2, initialBackoff: Double = 1, maxBackoff: Double = 60, ttftWeight: Double = 0.3,
                slowFactor: Double = 3, slowFloor: Double = 1, recoverFactor: Double = 2, slowSamples: Int = 3,
                idleProbeInterval: Double = 30) {
        self.failuresToOpen = failuresToOpen
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.ttftWeight = ttftWeight
        self.slowFactor = slowFactor
        self.slowFloor = slowFloor
        self.recoverFactor = recoverFactor
        self.slowSamples = slowSamples
        self.idleProbeInterval = idleProbeInterval
    }

    public static let standard = HealthPolicy()
}
