import Foundation

/// The one clock of the UI: seconds on a monotonic clock, shared by the terminal loop and the
/// effect runner so that event times compare.
public enum Monotonic {
    public static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
