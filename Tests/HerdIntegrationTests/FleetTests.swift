import Foundation
import HerdCore
import HerdTestSupport
import Testing

/// Members served by several servers, end to end: keys that never leave memory, and real
/// llama-server replicas killed, stopped and shared out.
@Suite(.serialized) struct FleetTests {
    /// `herd ARGS` with its own config and data folder plus `environment`, to completion.
    static func herd(_ arguments: [String], dir: String, environment: [String: String] = [:]) async throws -> ProcessRunner.Output {
        var env = ["HERD_CONFIG=\(dir)/config.toml", "HERD_HOME=\(dir)/data", "HERD_SERVERS="]
        env += environment.map { "\($0.key)=\($0.value)" }
        return try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["-u", "OLLAMA_HOST", "-u", "OPENAI_BASE_URL"] + env + [try BuiltProduct.path("herd")] + arguments)
    }

    /// `herd --new` in tmux with `config` and `environment`; `play` drives it; tmux goes whatever happens.
    static func inTmux(dir: String, config: String, environment: [String: String] = [:], cols: Int = 110, rows: Int = 30,
                       _ play: (Tmux) async throws -> Void) async throws {
        try config.write(toFile: dir + "/config.toml", atomically: true, encoding: .utf8)
        var env = ["HERD_HOME": dir + "/data", "HERD_CONFIG": dir + "/config.toml"]
        env.merge(environment) { _, b in b }
        let tmux = try await Tmux.start(cols: cols, rows: rows, command: [try BuiltProduct.path("herd"), "--new"], environment: env)
        do {
            try await play(tmux)
            await tmux.kill()
        } catch {
            await tmux.kill()
            throw error
        }
    }

    /// Every file under `dir`, recursively, as bytes.
    static func files(under dir: String) -> [(String, Data)] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: dir) else { return [] }
        var out: [(String, Data)] = []
        for case let rel as String in walker {
            let path = dir + "/" + rel
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue, let data = fm.contents(atPath: path) {
                out.append((rel, data))
            }
        }
        return out
    }

    // MARK: keys

    @Test func theKeyIsSentButNeverWrittenToTheStoreLogsExportsOrConfigInit() async throws {
        let secret = "sk-herd-test-\(UUID().uuidString)"
        let dir = TemporaryDirectory()
        try await FixtureServer.with(.openAI) { f in
            let config = """
                [[servers]]
                name = "remote"
                url = "\(f.baseURL)/v1"
                api_key_env = "HERD_TEST_KEY"
                timeout = 30
                """
            let env = ["HERD_TEST_KEY": secret, "HERD_LOG_LEVEL": "trace"]
            var screens: [String] = []
            try await Self.inTmux(dir: dir.path, config: config, environment: env) { tmux in
                let ready = try await tmux.waitFor(timeout: 20) { $0.contains("2 beta") }
                try #require(ready.ok, "the herd never showed up:\n\(ready.screen)")
                try await tmux.type("hello")
                try await tmux.keys("Enter")
                let reply = try await tmux.waitFor(timeout: 20) { $0.contains("Hello from the fixture.") && !$0.contains("streaming") }
                try #require(reply.ok, "no reply:\n\(reply.screen)")
                for file in ["out.md", "out.json"] {
                    try await tmux.type("/export \(dir.file(file))")
                    try await tmux.keys("Enter")
                    let done = try await tmux.waitFor(timeout: 10) { $0.contains("exported to") && $0.contains(file) }
                    #expect(done.ok, "no export to \(file):\n\(done.screen)")
                    screens.append(done.screen)
                }
                try await tmux.keys("C-c")
                let exit = try await tmux.waitFor(timeout: 10) { $0.contains("[exited: 0]") }
                #expect(exit.ok, "herd did not quit:\n\(exit.screen)")
                screens.append(exit.screen)
            }
            // The key did its job: every request to the server carried it.
            let chats = f.requests.filter { $0.path == "/v1/chat/completions" }
            #expect(!chats.isEmpty)
            #expect(f.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(secret)" }, "\(f.requests.map(\.headers))")

            // What the commands print, with the key in the environment (config init also sees it as OPENAI_API_KEY).
            let initEnv = env.merging(["OPENAI_API_KEY": secret]) { a, _ in a }
            var outputs: [String] = []
            for args in [["export", "last", "--format", "json"], ["export", "last"], ["history"], ["models", "--json"],
                         ["ask", "hi again"], ["config", "init", "--stdout", "--server", f.baseURL],
                         ["config", "init", "-o", dir.file("init.toml"), "--server", f.baseURL]] {
                let run = try await Self.herd(args, dir: dir.path, environment: initEnv)
                #expect(run.status == .exited(0), "herd \(args): \(run.stderr)")
                outputs.append(run.stdout + run.stderr)
            }
            #expect(outputs[0].contains("Hello from the fixture."), "the export is the conversation")
            let files = Self.files(under: dir.path)
            #expect(files.contains { $0.0.hasSuffix("herd.log") }, "the log was written: \(files.map(\.0))")
            #expect(files.contains { $0.0.contains("sqlite") }, "the store was written: \(files.map(\.0))")
            #expect(files.contains { $0.0 == "init.toml" } && files.contains { $0.0 == "out.json" })
            let needle = Data(secret.utf8)
            for (name, data) in files {
                #expect(data.range(of: needle) == nil, "the key is in \(name)")
            }
            for (i, text) in (outputs + screens).enumerated() {
                #expect(!text.contains(secret), "the key is in output \(i)")
            }
            // The name of the variable is what the config keeps.
            let written = try String(contentsOfFile: dir.file("init.toml"), encoding: .utf8)
            #expect(written.contains("api_key_env"), "\(written)")
        }
    }
}
