#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `../shared/llm/ollama-front.py`: Ollama's native API in front of a llama-server, for tests.
public final class OllamaFront: Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    private let child: ChildProcess

    init(port: Int, child: ChildProcess) {
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)"
        self.child = child
    }

    /// Starts the front on `port` forwarding to `upstream` and waits (up to 15 s) until it answers.
    /// `arguments` go to the script as they are (`--alias llama3.1:8b=tiny-b`, `--details llama3.1:8b=8.0B,llama`).
    public static func start(port: Int, upstream: String, arguments: [String] = []) async throws -> OllamaFront {
        let script = try SharedDir.llmScript("ollama-front.py")
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("ollama-front-\(port).err").path
        let child = try ChildProcess.spawn("/usr/bin/env", ["python3", script.path, "--port", String(port), "--upstream", upstream] + arguments,
                                           stdout: .null, stderr: .file(errPath))
        let curl = URL(fileURLWithPath: "/usr/bin/curl")
        for _ in 0..<150 {
            if let ended = child.poll() {
                let e = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
                throw LaunchError("ollama-front.py on port \(port) ended with \(ended): \(e)")
            }
            if let r = try? await ProcessRunner.run(curl, ["-sf", "-m", "1", "http://127.0.0.1:\(port)/api/version"]), r.status == .exited(0) {
                return OllamaFront(port: port, child: child)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        child.signal(SIGKILL)
        _ = await child.wait()
        throw LaunchError("ollama-front.py on port \(port) did not answer within 15 s")
    }

    /// SIGTERM, then SIGKILL if the front is still there after 3 s (a stop must never hang a test run).
    public func stop() async {
        child.signal(SIGTERM)
        for _ in 0..<30 {
            if child.poll() != nil { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
        child.signal(SIGKILL)
        _ = await child.wait()
    }

    /// Starts a front, runs `body`, and stops it whatever happens.
    public static func with<T>(port: Int, upstream: String, arguments: [String] = [],
                               _ body: (OllamaFront) async throws -> T) async throws -> T {
        let f = try await start(port: port, upstream: upstream, arguments: arguments)
        do {
            let r = try await body(f)
            await f.stop()
            return r
        } catch {
            await f.stop()
            throw error
        }
    }
}
