import NIOCore
import Synchronization

/// Calls `onStall` once when a stream has received nothing for `timeout` seconds (`StallWatch`),
/// checking on the connection's event loop: it wakes when the timeout would run out, and when bytes
/// came meanwhile it sleeps again for the time left.
///
/// Why on the event loop and not in a task of its own: that task started on the cooperative pool as
/// the request went out and, cancelled at the stream's end, woke a pool thread again just before
/// the process exits; here a stream costs two timer entries on the loop that reads it (issue 14).
final class StallWatchdog: Sendable {
    private let eventLoop: any EventLoop
    private let watch: StallWatch
    private let timeout: Double
    private let onStall: @Sendable () -> Void
    /// The check to come, and whether the watch is over.
    private let state = Mutex<(next: Scheduled<Void>?, over: Bool)>((nil, false))

    init(eventLoop: any EventLoop, watch: StallWatch, timeout: Double, onStall: @escaping @Sendable () -> Void) {
        self.eventLoop = eventLoop
        self.watch = watch
        self.timeout = timeout
        self.onStall = onStall
        arm(after: timeout)
    }

    /// Ends the watch: no `onStall` after this returns, unless it had begun.
    func cancel() {
        let next = state.withLock { s -> Scheduled<Void>? in
            s.over = true
            return s.next
        }
        next?.cancel()
    }

    private func arm(after seconds: Double) {
        // 1 ms past the limit, so that the check finds it run out rather than re-arming for nothing.
        let delay = TimeAmount.nanoseconds(Int64(max(0, seconds) * 1e9) + 1_000_000)
        state.withLock { s in
            guard !s.over else { return }
            s.next = eventLoop.scheduleTask(in: delay) { [self] in check() }
        }
    }

    private func check() {
        let idle = watch.idleSeconds
        if idle < timeout {
            arm(after: timeout - idle)
            return
        }
        let stalled = state.withLock { s -> Bool in
            defer { s.over = true }
            return !s.over
        }
        if stalled { onStall() }
    }
}
