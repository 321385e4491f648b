import NIOCore

/// Runs a task's jobs on a NIO event loop instead of Swift's cooperative pool.
///
/// Why: the fixture server answered each request on a plain `Task`, so its replies waited for a
/// cooperative thread. A test run has one such thread per core, and CPU-bound tests running at
/// the same time can hold both threads of a 2-core machine for seconds. In a clean-clone run,
/// four CLI tests then failed at once: the `herd` they started gave "unreachable: no reply within
/// 1.5 s" for a fixture that was running but not answering. On its own event loop the fixture
/// answers whatever else the test process is doing.
final class EventLoopExecutor: TaskExecutor {
    private let loop: EventLoop

    init(_ loop: EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
