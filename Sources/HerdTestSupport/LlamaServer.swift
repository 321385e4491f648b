import Foundation

/// The real llama.cpp server of `../shared/llm` (`herd-up` / `herd-down`), for integration tests.
///
/// Each test uses a port of its own so tests can run in parallel. A server that cannot start
/// throws a `LaunchError` with herd-up's output, which fails the test (never a silent skip).
public final class LlamaServer: Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT` (without `/v1`).
    public let baseURL: String
    let downScript: URL

    init(port: Int, downScript: URL) {
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)"
        self.downScript = downScript
    }

    /// Runs `herd-up PORT` and returns once the server answers.
    public static func start(port: Int) throws -> LlamaServer {
        let up = try SharedDir.llmScript("herd-up")
        let down = try SharedDir.llmScript("herd-down")
        let r = try ProcessRunner.run(up, [String(port)])
        guard r.status == 0 else {
            throw LaunchError("herd-up \(port) (\(up.path)) failed with status \(r.status): \(r.stderr)\(r.stdout)")
        }
        return LlamaServer(port: port, downScript: down)
    }

    /// Runs `herd-down PORT`.
    public func stop() {
        _ = try? ProcessRunner.run(downScript, [String(port)])
    }

    /// Starts a server, runs `body`, and stops the server whatever happens.
    public static func with<T>(port: Int, _ body: (LlamaServer) async throws -> T) async throws -> T {
        let s = try start(port: port)
        do {
            let r = try await body(s)
            s.stop()
            return r
        } catch {
            s.stop()
            throw error
        }
    }
}
