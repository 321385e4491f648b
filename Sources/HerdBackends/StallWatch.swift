import Foundation
import Synchronization

/// The time of the last byte received, shared between a stream's reader and its watchdog.
final class StallWatch: Sendable {
    private let last: Atomic<UInt64>

    init() {
        last = Atomic(DispatchTime.now().uptimeNanoseconds)
    }

    func touch() {
        last.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
    }

    /// Seconds since the last byte.
    var idleSeconds: Double {
        let now = DispatchTime.now().uptimeNanoseconds
        let l = last.load(ordering: .relaxed)
        return now > l ? Double(now - l) / 1e9 : 0
    }
}
