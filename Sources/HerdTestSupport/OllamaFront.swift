import Foundation

/// `../shared/llm/ollama-front.py`: Ollama's native API in front of a llama-server, for tests.
public final class OllamaFront: @unchecked Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    // Mutated only by `stop()`, which tests call once.
    private let process: Process

    init(port: Int, process: Process) {
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)"
        self.process = process
    }

    /// Starts the front on `port` forwarding to `upstream` and waits (up to 15 s) until it answers.
    public static func start(port: Int, upstream: String) throws -> OllamaFront {
        let script = try SharedDir.llmScript("ollama-front.py")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script.path, "--port", String(port), "--upstream", upstream]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("ollama-front-\(port).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        p.standardError = err
        do {
            try p.run()
        } catch {
            throw LaunchError("cannot start \(script.path): \(error)")
        }
        let curl = URL(fileURLWithPath: "/usr/bin/curl")
        for _ in 0..<150 {
            if !p.isRunning {
                let e = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
                throw LaunchError("ollama-front.py on port \(port) exited with status \(p.terminationStatus): \(e)")
            }
            if let r = try? ProcessRunner.run(curl, ["-sf", "-m", "1", "http://127.0.0.1:\(port)/api/version"]), r.status == 0 {
                return OllamaFront(port: port, process: p)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        p.terminate()
        throw LaunchError("ollama-front.py on port \(port) did not answer within 15 s")
    }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Starts a front, runs `body`, and stops it whatever happens.
    public static func with<T>(port: Int, upstream: String, _ body: (OllamaFront) async throws -> T) async throws -> T {
        let f = try start(port: port, upstream: upstream)
        do {
            let r = try await body(f)
            f.stop()
            return r
        } catch {
            f.stop()
            throw error
        }
    }
}
