import HerdCore

/// Where a background calibration run is, as the panel shows it (`herd calibrate` in the TUI).
public enum CalibrationStatus: Sendable, Hashable {
    /// Timing each member on a few questions to say how long the run will take.
    case estimating
    /// Asking the suite: answers done of all, and the expected seconds left when known.
    case running(done: Int, total: Int, secondsLeft: Double?)
    /// Training the router on the answers.
    case training
    /// Trained: the members now routed on the user's data.
    case finished(members: Int)
    /// Stopped or failed; the answers so far are kept, and the next run resumes.
    case failed(String)

    public var isRunning: Bool {
        switch self {
        case .estimating, .running, .training: true
        case .finished, .failed: false
        }
    }

    /// One short line: "calibrating 34/216 · ~3 min left".
    public var line: String {
        switch self {
        case .estimating: return "calibrating: timing your models…"
        case let .running(done, total, left):
            return "calibrating \(done)/\(total)" + (left.map { " · ~" + Self.duration($0) + " left" } ?? "")
        case .training: return "calibrating: training the router…"
        case let .finished(n): return "calibrated: \(n) member\(n == 1 ? "" : "s") on your data"
        case let .failed(why): return "calibration stopped: \(why)"
        }
    }

    static func duration(_ s: Double) -> String {
        s < 90 ? "\(max(1, Int(s.rounded()))) s" : "\(Int((s / 60).rounded())) min"
    }
}
