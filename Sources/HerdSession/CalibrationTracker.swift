import HerdBench
import HerdTUI

/// Turns a calibration run's events into what the panel shows (a pure state machine: the clock
/// comes in with each event). Answers and failed questions both count as done; the time left is the
/// run's estimate less the time since it was made.
public struct CalibrationTracker: Sendable {
    public private(set) var done = 0
    public let total: Int
    private var estimate: Double?
    private var estimatedAt = 0.0

    public init(total: Int) { self.total = total }

    /// The status after `event` at time `now` (seconds), or `nil` when the panel need not change.
    public mutating func update(_ event: CalibrationEvent, now: Double) -> CalibrationStatus? {
        switch event {
        case .warmingUp:
            return .estimating
        case let .estimate(e):
            estimate = e.totalSeconds
            estimatedAt = now
            done = total - e.members.map(\.remaining).reduce(0, +)
            return running(now)
        case let .bench(b):
            switch b {
            case .answered, .failed:
                done = min(done + 1, total)
                return running(now)
            case .planned, .retrying:
                return nil
            }
        case .benchFinished, .training:
            return .training
        case .trained:
            return nil
        }
    }

    private func running(_ now: Double) -> CalibrationStatus {
        .running(done: done, total: total, secondsLeft: estimate.map { max(0, $0 - (now - estimatedAt)) })
    }
}
