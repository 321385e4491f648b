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

    public init(failuresToOpen: Int = 2, initialBackoff: Double = 1, maxBackoff: Double = 60, ttftWeight: Double = 0.3) {
        self.failuresToOpen = failuresToOpen
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.ttftWeight = ttftWeight
    }

    public static let standard = HealthPolicy()
}
