/// The expected time of a calibration run, from measured answer times (a warm-up or an earlier run).
public struct CalibrationEstimate: Sendable, Hashable {
    /// One member's figures.
    public struct Member: Sendable, Hashable {
        public var name: String
        /// Mean measured seconds per answer; `nil` when the member has no answer yet (all failed).
        public var secondsPerAnswer: Double?
        /// Questions still to ask it.
        public var remaining: Int
        /// Answers the mean is taken over.
        public var measured: Int
    }

    public var members: [Member]
    /// Expected wall-clock seconds for everything left; `nil` when a member with questions left has no timing.
    public var totalSeconds: Double?

    /// Estimates from per-member timings. Members of one server share its `concurrency` requests in flight
    /// (their answer times were measured that way), servers work side by side: the slowest server sets the time.
    public static func make(members: [Member], serverOf: [String: String], concurrency: Int) -> CalibrationEstimate {
        var perServer: [String: Double] = [:]
        var unknown = false
        for m in members where m.remaining > 0 {
            guard let s = m.secondsPerAnswer else { unknown = true; continue }
            perServer[serverOf[m.name] ?? m.name, default: 0] += s * Double(m.remaining)
        }
        let total = perServer.values.map { $0 / Double(max(1, concurrency)) }.max() ?? 0
        return CalibrationEstimate(members: members, totalSeconds: unknown ? nil : total)
    }
}
