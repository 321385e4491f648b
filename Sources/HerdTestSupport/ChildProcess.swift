#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A child process started with `posix_spawn` and reaped with `waitpid`.
///
/// Why not Foundation's `Process`: on Linux its `waitUntilExit` waits for a termination
/// notice delivered on a libdispatch thread. Tests run on Swift's cooperative pool, which has
/// one thread per core; two tests blocked in `waitUntilExit` on a 2-core machine take every
/// thread, the notice is never delivered, and the whole test run hangs (seen in CI).
/// Waiting here happens on a thread of its own and needs nothing else to make progress.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// The test process's own stream.
        case inherit
        /// A file, created or truncated.
        case file(String)
        /// A pipe whose read end is `ChildProcess.stdoutPipe` (stdout only).
        case pipe
        /// Closed: the child has no such stream (`2>&-` in a shell).
        case closed
    }

    /// How the child ended.
    public enum Termination: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let s): "exit status \(s)"
            case .signalled(let s): "signal \(s)"
            }
        }
    }

    public let pid: pid_t
    /// The read end of the child's stdout when it was spawned with `.pipe`.
    public let stdoutPipe: FileHandle?
    private let lock = NSLock()
    private var ended: Termination?

    private init(pid: pid_t, stdoutPipe: FileHandle?) {
        self.pid = pid
        self.stdoutPipe = stdoutPipe
    }

    /// Starts `executable` with `arguments`; stdin is `/dev/null`.
    public static func spawn(_ executable: String, _ arguments: [String], stdout: Stream = .null, stderr: Stream = .inherit) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pipeFDs: [Int32] = [-1, -1]
        func route(_ s: Stream, to fd: Int32) throws {
            switch s {
            case .null: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            case .inherit: break
            case .closed: posix_spawn_file_actions_addclose(&actions, fd)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .pipe:
                guard pipe(&pipeFDs) == 0 else { throw LaunchError("cannot make a pipe for \(executable): errno \(errno)") }
                posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], fd)
                posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
                posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
            }
        }
        try route(stdout, to: 1)
        try route(stderr, to: 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The spawning thread may be one of Swift's or libdispatch's worker threads, which block
        // most signals; a child inherits that mask, and a child with SIGTERM blocked never ends
        // on `signal(SIGTERM)` (nor do the daemons it starts). The child gets an empty mask and
        // default handlers.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attr, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attr, &allSignals)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, argv, environ)
        if pipeFDs[1] >= 0 { close(pipeFDs[1]) }
        guard rc == 0 else {
            if pipeFDs[0] >= 0 { close(pipeFDs[0]) }
            throw LaunchError("cannot run \(executable): \(String(cString: strerror(rc)))")
        }
        let handle = pipeFDs[0] >= 0 ? FileHandle(fileDescriptor: pipeFDs[0], closeOnDealloc: true) : nil
        return ChildProcess(pid: pid, stdoutPipe: handle)
    }

    /// How the child ended, or nil while it runs.
    public func poll() -> Termination? {
        reap(options: WNOHANG)
    }

    /// Blocks the calling thread until the child ends. Never call it on the cooperative pool; use `wait()`.
    public func waitBlocking() -> Termination {
        while true {
            if let t = reap(options: 0) { return t }
        }
    }

    /// Waits, on a thread of its own, until the child ends.
    public func wait() async -> Termination {
        if let t = poll() { return t }
        return await withCheckedContinuation { c in
            Thread.detachNewThread { c.resume(returning: self.waitBlocking()) }
        }
    }

    /// Sends `sig` unless the child has already been reaped.
    public func signal(_ sig: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if ended == nil { kill(pid, sig) }
    }

    private func reap(options: Int32) -> Termination? {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        var status: Int32 = 0
        let r: pid_t
        if options & WNOHANG != 0 {
            r = waitpid(pid, &status, options)
        } else {
            // A blocking waitpid must not hold the lock, or `signal` could never run.
            lock.unlock()
            var rr: pid_t
            repeat { rr = waitpid(pid, &status, 0) } while rr < 0 && errno == EINTR
            lock.lock()
            if let ended { return ended }
            r = rr
        }
        guard r == pid else {
            if r < 0 && errno == ECHILD { ended = .exited(-1); return ended }
            return nil
        }
        let low = status & 0x7f
        ended = low == 0 ? .exited((status >> 8) & 0xff) : .signalled(low)
        return ended
    }

    deinit {
        if ended == nil, reap(options: WNOHANG) == nil {
            kill(pid, SIGKILL)
            _ = reap(options: 0)
        }
    }
}
