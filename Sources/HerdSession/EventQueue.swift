import Foundation
import HerdTerminal
import HerdTUI

/// Events from effects (streams, router, store) to the UI thread. Posting wakes the UI loop
/// through a pipe, so the loop sleeps in `poll` instead of spinning.
public final class EventQueue: EventSource, @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Event] = []
    /// Readable when events are pending (the terminal loop polls it).
    public let wakeRead: Int32
    private let wakeWrite: Int32

    public init() {
        var fds: [Int32] = [0, 0]
        if pipe(&fds) != 0 { fatalError("pipe() failed: \(errno)") }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
        _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    public func post(_ event: Event) {
        lock.lock()
        let wasEmpty = pending.isEmpty
        pending.append(event)
        lock.unlock()
        if wasEmpty {
            var b: UInt8 = 1
            _ = write(wakeWrite, &b, 1)
        }
    }

    /// Takes every pending event.
    public func drain() -> [Event] {
        var buf = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buf, 64) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let out = pending
        pending.removeAll(keepingCapacity: true)
        return out
    }
}
