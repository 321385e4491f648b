#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a new POSIX thread of its own, which nobody joins.
///
/// Why not Foundation's `Thread.detachNewThread`: it builds an `NSThread` (its object, name and
/// thread-local record) on the calling thread before the new one runs. At herd's start, where the
/// main thread makes the warm-up's thread before parsing, `Thread.start` took 0.62 ms to return;
/// with this the whole warm-up start took 0.95 ms of the main thread instead of 1.1 (uprobes, 25
/// runs of `herd ask` each; issue 14).
enum PlainThread {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread; runs it here, before returning, if no thread can be made.
    static func detach(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let started = pthread_create(&thread, &attributes, { argument in
            guard let argument else { return nil }
            Unmanaged<Work>.fromOpaque(argument).takeRetainedValue().body()
            return nil
        }, work)
        if started != 0 {
            Unmanaged<Work>.fromOpaque(work).takeRetainedValue().body()
        }
    }
}
