#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HerdTestSupport
import Testing

/// The README's run command on a machine with no model server: `scripts/run` says so, offers
/// `scripts/local-herd up` (a prompt on a terminal, `--setup`, `--no-setup`, nothing without a
/// terminal), and the set-up starts llama-server with the real models and answers. The built
/// `herd` stands in for the release build (`HERD_BIN`), `../shared`'s llama-server for the
/// 5-minute source build (`LLAMA_SERVER`) and its cached real models for the download, so that
/// every path but the build and the download runs here in seconds.
@Suite(.serialized) struct LocalHerdSetupTests {
    static let root = SharedDir.packageRoot
    static let llm = SharedDir.url.appendingPathComponent("llm")

    /// A folder of its own for config, data and the local herd's cache; removed afterwards.
    final class Sandbox {
        let dir: URL
        /// Where "the user's" servers are: nothing listens there.
        let deadServer: String
        /// The port the local herd gets.
        let port: Int

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-setup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            deadServer = "http://127.0.0.1:\(try Self.freePort())"
            port = try Self.freePort()
        }

        deinit { try? FileManager.default.removeItem(at: dir) }

        /// A loopback port nobody listens on now: bind port 0, read what the kernel chose, close.
        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw LaunchError("cannot open a socket: errno \(errno)") }
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
            }
            guard bound else { throw LaunchError("cannot bind a loopback socket: errno \(errno)") }
            return Int(UInt16(bigEndian: addr.sin_port))
        }

        var cache: URL { dir.appendingPathComponent("cache") }

        /// Variables for `scripts/run`: the user's servers are `deadServer` (so no default port
        /// on this shared machine is probed), nothing of the caller's config or cache leaks in.
        func environment() throws -> [String: String] {
            [
                "HERD_BIN": try BuiltProduct.path("herd"),
                "HERD_CONFIG": dir.appendingPathComponent("config.toml").path,
                "HERD_HOME": dir.appendingPathComponent("data").path,
                "HERD_SERVERS": deadServer,
                "HERD_CACHE": cache.path,
                "HERD_LOCAL_PORT": String(port),
                "LLAMA_SERVER": LocalHerdSetupTests.llm.appendingPathComponent("bin/llama-server").path,
            ]
        }

        /// Runs a script of the repository with `environment()` (stdin is /dev/null: no terminal).
        func run(_ script: String, _ args: [String], overriding: [String: String] = [:]) async throws -> ProcessRunner.Output {
            let env = try environment().merging(overriding) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let unset = ["OLLAMA_HOST", "OPENAI_BASE_URL", "HERD_SETUP", "HERD_NO_SETUP"].flatMap { ["-u", $0] }
            return try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                               unset + env + [LocalHerdSetupTests.root.appendingPathComponent(script).path] + args)
        }

        /// The real models, fetched once by `../shared/llm/real-models`, linked into the cache
        /// where `scripts/local-herd` keeps its own download (it still checks their sha256).
        func seedModels() async throws {
            let r = try await ProcessRunner.run(LocalHerdSetupTests.llm.appendingPathComponent("real-models"), [])
            try #require(r.status == .exited(0), "real-models failed: \(r.stderr)")
            let models = cache.appendingPathComponent("models")
            try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
            let paths = Dictionary(r.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
                let p = line.split(separator: " ", maxSplits: 1)
                return p.count == 2 ? (String(p[0]), String(p[1])) : nil
            }) { first, _ in first }
            for (name, file) in [("smollm2-135m", "smollm2-135m-instruct.gguf"), ("gemma3-270m", "gemma-3-270m-q4_k_m.gguf")] {
                let source = try #require(paths[name], "real-models did not list \(name): \(r.stdout)")
                try FileManager.default.createSymbolicLink(atPath: models.appendingPathComponent(file).path, withDestinationPath: source)
            }
        }
    }

    @Test func withoutATerminalItSaysNoServerAndSetsNothingUp() async throws {
        let box = try Sandbox()
        let r = try await box.run("scripts/run", ["ask", "hi"])
        #expect(r.status == .exited(1), "herd itself then reports the unreachable server: \(r.stderr)")
        #expect(r.stderr.contains("no model server found (probed \(box.deadServer))"), "\(r.stderr)")
        #expect(r.stderr.contains("not a terminal, so no set-up without asking"), "\(r.stderr)")
        #expect(r.stderr.contains("scripts/local-herd up"), "it says how to set up later: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.cache.path), "nothing was fetched or built")
    }

    @Test func noSetupSkipsIt() async throws {
        let box = try Sandbox()
        let r = try await box.run("scripts/run", ["--no-setup", "ask", "hi"])
        #expect(r.status == .exited(1))
        #expect(r.stderr.contains("no model server found"), "\(r.stderr)")
        #expect(r.stderr.contains("no local herd set up"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.cache.path))
    }

    @Test func aServerThatAnswersMeansNoOffer() async throws {
        try await LlamaServer.with { llama in
            let box = try Sandbox()
            let r = try await box.run("scripts/run", ["ask", "--model", "tiny-a", "hi"], overriding: ["HERD_SERVERS": llama.baseURL])
            #expect(r.status == .exited(0), "\(r.stderr)")
            #expect(r.stdout == "Hello from tiny-a!\n")
            #expect(!r.stderr.contains("no model server found"), "\(r.stderr)")
        }
    }

    /// On a terminal the offer is a prompt; "n" declines and the chat opens with no herd.
    @Test func onATerminalItAsksAndNoDeclines() async throws {
        let box = try Sandbox()
        let tmux = try await Tmux.start(cols: 140, rows: 30, command: [Self.root.appendingPathComponent("scripts/run").path, "ask", "hi"],
                                        environment: try box.environment())
        do {
            let asked = try await tmux.waitFor(timeout: 30) { $0.contains("Set up a local herd now? [Y/n]") }
            try #require(asked.ok, "no prompt:\n\(asked.screen)")
            #expect(asked.screen.contains("no model server found"), "\(asked.screen)")
            #expect(asked.screen.contains("smollm2-135m"), "it says what it would set up:\n\(asked.screen)")
            try await tmux.type("n")
            try await tmux.keys("Enter")
            let done = try await tmux.waitFor(timeout: 30) { $0.contains("[exited:") }
            try #require(done.ok, "\(done.screen)")
            #expect(done.screen.contains("no local herd set up"), "\(done.screen)")
            #expect(done.screen.contains("[exited: 1]"), "\(done.screen)")
            #expect(!FileManager.default.fileExists(atPath: box.cache.path))
            await tmux.kill()
        } catch {
            await tmux.kill()
            throw error
        }
    }

    /// `--setup`: local-herd starts llama-server with smollm2-135m and gemma3-270m from the cache,
    /// run adds the local herd to the user's servers, and a real model answers; then status and down.
    @Test func setupStartsTheLocalHerdAndARealModelAnswers() async throws {
        let box = try Sandbox()
        try await box.seedModels()
        defer {
            // Never leave the server running, whatever failed.
            let down = try? ChildProcess.spawn("/usr/bin/env", ["HERD_CACHE=\(box.cache.path)",
                                                                Self.root.appendingPathComponent("scripts/local-herd").path,
                                                                "down", "--port", String(box.port)], stdout: .null, stderr: .null)
            _ = down?.waitBlocking()
        }
        let r = try await box.run("scripts/run", ["--setup", "ask", "--model", "smollm2-135m", "--max-tokens", "24",
                                                  "Say hello in one short sentence."])
        #expect(r.status == .exited(0), "\(r.stderr)")
        #expect(r.stderr.contains("no model server found"), "\(r.stderr)")
        #expect(r.stderr.contains("verifying smollm2-135m-instruct.gguf"), "the cached models are checked: \(r.stderr)")
        #expect(r.stderr.contains("local herd ready at http://127.0.0.1:\(box.port)/v1"), "\(r.stderr)")
        #expect(r.stderr.contains("scripts/local-herd down --port \(box.port)"), "it says how to stop it: \(r.stderr)")
        #expect(r.stderr.contains("adding --server http://127.0.0.1:\(box.port)"), "\(r.stderr)")
        // stdout is the answer alone: the set-up talks on stderr.
        let answer = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(answer.count >= 2 && !answer.contains("local herd"), "smollm2-135m's answer: \(r.stdout)")

        let listed = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-sf", "http://127.0.0.1:\(box.port)/v1/models"])
        #expect(listed.stdout.contains("\"smollm2-135m\"") && listed.stdout.contains("\"gemma3-270m\""), "\(listed.stdout)")

        // A second start reuses everything: no new verification, the running server is kept.
        let again = try await box.run("scripts/local-herd", ["up", "--port", String(box.port)])
        #expect(again.status == .exited(0), "\(again.stderr)")
        #expect(again.stdout.contains("already running"), "\(again.stdout)")
        let status = try await box.run("scripts/local-herd", ["status", "--port", String(box.port)])
        #expect(status.status == .exited(0) && status.stdout.contains("running at http://127.0.0.1:\(box.port)/v1"), "\(status.stdout)")

        let down = try await box.run("scripts/local-herd", ["down", "--port", String(box.port)])
        #expect(down.status == .exited(0) && down.stdout.contains("stopped the local herd"), "\(down.stdout)")
        let after = try await box.run("scripts/local-herd", ["status", "--port", String(box.port)])
        #expect(after.status == .exited(3) && after.stdout.contains("not running"), "\(after.stdout)")
        // Started again from the cache: the models are not hashed a second time.
        let restart = try await box.run("scripts/local-herd", ["up", "--port", String(box.port)])
        #expect(restart.status == .exited(0), "\(restart.stderr)")
        #expect(!restart.stderr.contains("verifying"), "\(restart.stderr)")
    }
}
