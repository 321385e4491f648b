#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The real llama.cpp server of `../shared/llm` (`herd-up` / `herd-down`), for integration tests.
///
/// One server per test process, started by the first test that needs it on a port of the test
/// run's own (`HERD_TEST_LLM_PORT`, else a port the kernel reports free) and stopped when the
/// process exits, so test runs side by side never stop each other's server. Tests take
/// turns on it: llama.cpp's worker threads spin while they compute, so several servers (or
/// several tests generating at once) on a 2-core machine starve every timing-sensitive test
/// of CPU. A server that cannot start throws a `LaunchError` with herd-up's output, which fails
/// the test (never a silent skip).
public final class LlamaServer: Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT` (without `/v1`).
    public let baseURL: String

    init(port: Int) {
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)"
    }

    /// The port for the shared server: `HERD_TEST_LLM_PORT`, else one that is free now.
    static func testPort() throws -> Int {
        if let p = ProcessInfo.processInfo.environment["HERD_TEST_LLM_PORT"].flatMap(Int.init) { return p }
        return try freePort()
    }

    /// A loopback port nobody listens on: bind port 0, read what the kernel chose, close.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LaunchError("cannot open a socket to find a free port: errno \(errno)") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard bound else { throw LaunchError("cannot bind a socket to find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Runs `body` with the shared server, started on first use; one body at a time.
    public static func with<T>(_ body: (LlamaServer) async throws -> T) async throws -> T {
        let s = try await LlamaServerTurns.shared.acquire()
        do {
            let r = try await body(s)
            await LlamaServerTurns.shared.release()
            return r
        } catch {
            await LlamaServerTurns.shared.release()
            throw error
        }
    }

    /// Runs `body` while no test that uses a llama-server runs (it takes the shared server's turn
    /// without using it): for tests that measure time, which llama.cpp's spinning threads, above
    /// all the real models', would starve on 2 cores.
    public static func alone<T>(_ body: () async throws -> T) async throws -> T {
        try await with { _ in try await body() }
    }

    /// Runs `body` with a server of its own that also serves the real models of `herd-up --real`
    /// (`smollm2-135m`, `gemma3-270m`, fetched once into a cache), on a free port, stopped afterwards.
    /// It holds the shared server's turn meanwhile, so that no other test computes at the same time
    /// (and the shared server keeps serving exactly the scripted models other tests expect).
    public static func withReal<T>(_ body: (LlamaServer) async throws -> T) async throws -> T {
        try await with { _ in
            let port = try freePort()
            let s = try await start(port: port, real: true)
            RealServerPorts.add(port)
            defer {
                stopBlocking(port: port)
                RealServerPorts.remove(port)
            }
            return try await body(s)
        }
    }

    /// Runs `body` with `count` servers of its own serving the same models (replicas of every member),
    /// each on a free port, with the real models too when `real`; all stopped afterwards, and at exit
    /// if the test dies first. It holds the shared server's turn meanwhile (see `withReal`).
    public static func several<T>(_ count: Int, real: Bool = false, _ body: ([LlamaServer]) async throws -> T) async throws -> T {
        try await with { _ in
            var started: [LlamaServer] = []
            defer {
                for s in started {
                    stopBlocking(port: s.port)
                    RealServerPorts.remove(s.port)
                }
            }
            for _ in 0..<count {
                let port = try freePort()
                RealServerPorts.add(port)
                started.append(try await start(port: port, real: real))
            }
            return try await body(started)
        }
    }

    /// The process id of the llama-server listening on this port (the one to kill or stop), from
    /// herd-up's state folder; `nil` when it is not running.
    public var pid: Int32? {
        let state = ProcessInfo.processInfo.environment["HERD_LLM_STATE"] ?? "/tmp/herd-llm-\(port)"
        guard let text = try? String(contentsOfFile: state + "/llama-server.pid", encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs `herd-up PORT [--real]` and returns once the server answers.
    static func start(port: Int, real: Bool = false) async throws -> LlamaServer {
        let up = try SharedDir.llmScript("herd-up")
        let r = try await ProcessRunner.run(up, [String(port)] + (real ? ["--real"] : []))
        guard r.status == .exited(0) else {
            throw LaunchError("herd-up \(port)\(real ? " --real" : "") (\(up.path)) failed with \(r.status): \(r.stderr)\(r.stdout)")
        }
        return LlamaServer(port: port)
    }

    /// Runs `herd-down PORT`, blocking (for `atexit`).
    static func stopBlocking(port: Int) {
        guard let down = try? SharedDir.llmScript("herd-down"),
              let child = try? ChildProcess.spawn(down.path, [String(port)], stdout: .null, stderr: .null) else { return }
        _ = child.waitBlocking()
    }
}

/// Hands the shared server to one test at a time, starting it on first use.
actor LlamaServerTurns {
    static let shared = LlamaServerTurns()
    nonisolated(unsafe) static var startedPort: Int?

    private var server: LlamaServer?
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async throws -> LlamaServer {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        if let server { return server }
        do {
            let port = try LlamaServer.testPort()
            let s = try await LlamaServer.start(port: port)
            server = s
            LlamaServerTurns.startedPort = port
            atexit {
                if let port = LlamaServerTurns.startedPort { LlamaServer.stopBlocking(port: port) }
            }
            return s
        } catch {
            release()
            throw error
        }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// Ports of real-model servers still running, stopped at exit if a test ends without stopping its own.
enum RealServerPorts {
    nonisolated(unsafe) private static var ports = Set<Int>()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered = false

    static func add(_ port: Int) {
        lock.withLock {
            ports.insert(port)
            if !registered {
                registered = true
                atexit { RealServerPorts.stopAll() }
            }
        }
    }

    static func remove(_ port: Int) { lock.withLock { _ = ports.remove(port) } }

    static func stopAll() {
        for p in lock.withLock({ ports }) { LlamaServer.stopBlocking(port: p) }
    }
}
