#if canImport(Glibc)
import Glibc
#endif
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
        try await Tmux.with(cols: cols, rows: rows, command: [try BuiltProduct.path("herd"), "--new"], environment: env, play)
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

    // MARK: load

    /// One token from `model` on `server`, so that the model is loaded there.
    static func warm(_ server: LlamaServer, model: String) async throws {
        let run = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [
            "curl", "-sf", "-m", "120", server.baseURL + "/v1/chat/completions", "-H", "Content-Type: application/json",
            "-d", "{\"model\":\"\(model)\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"])
        try #require(run.status == .exited(0), "warm-up of \(model) on \(server.baseURL) failed: \(run.stderr)")
    }

    static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HerdBench/Resources/calibration/calibration.jsonl").path

    /// `herd bench --concurrency 4` on a member with 2 and 3 replicas: the questions are shared out.
    @Test(arguments: [2, 3]) func benchSpreadsTheLoadOverTheReplicas(replicas: Int) async throws {
        try await LlamaServer.several(replicas) { servers in
            let dir = TemporaryDirectory()
            // Every replica has the model loaded first: a cold one would take fewer questions only
            // because it was loading (which is right, but not what this test is about).
            for s in servers { try await Self.warm(s, model: "story") }
            let questions = 12
            var args = ["bench", "--suite", Self.suite, "--out", dir.file("out.jsonl"), "--members", "story", "--limit", String(questions),
                        "--concurrency", "4", "--max-tokens", "40", "--no-instruction"]
            for s in servers { args += ["--server", s.baseURL] }
            let run = try await Self.herd(args, dir: dir.path)
            #expect(run.status == .exited(0), "\(run.stderr)")
            let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("requests per replica:") }, "\(run.stdout)")
            print("herd bench --concurrency 4, \(questions) questions, \(replicas) replicas: \(line)")
            let counts = servers.map { s -> Int in
                guard let r = line.range(of: "127.0.0.1:\(s.port) ") else { return 0 }
                return Int(line[r.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            #expect(counts.reduce(0, +) == questions, "every question asked once: \(line)")
            // Every replica takes part. How much each takes follows its speed (fewest in flight, then
            // the fastest first token), and on 2 cores shared with other suites' llama-servers one
            // replica can be several times slower than another (seen: 9/2/1), so shares are not
            // asserted here; FleetHealthTests checks the choice rule itself.
            #expect(counts.allSatisfy { $0 >= 1 }, "each replica took a share: \(line)")
        }
    }

    // MARK: kill -9 in the TUI

    /// The checked claim of issue 14: with two replicas of a member, `kill -9` of the serving one
    /// mid-reply leaves a complete reply on screen and in history.
    @Test func killNineOfTheServingReplicaMidReplyLeavesACompleteReplyOnScreenAndInHistory() async throws {
        try await LlamaServer.several(2, real: true) { servers in
            let dir = TemporaryDirectory()
            let model = "smollm2-135m"
            // Both replicas have the model loaded, so that the one taking over answers at once.
            for s in servers { try await Self.warm(s, model: model) }
            let config = Self.replicaConfig([("gpu-a", servers[0].baseURL, nil), ("gpu-b", servers[1].baseURL, nil)], member: model,
                                            others: ["tiny-a", "tiny-b", "tiny-c", "story", "babble", "gemma3-270m"])
            var partial = ""
            try await Self.inTmux(dir: dir.path, config: config, cols: 120, rows: 40) { tmux in
                let ready = try await tmux.waitFor(timeout: 30) { $0.contains("smollm2") && $0.contains("2/2 up") }
                try #require(ready.ok, "the member and its two replicas never showed up:\n\(ready.screen)")
                try await tmux.type("Describe a lighthouse in two sentences.")
                try await tmux.keys("Enter")
                // Mid-reply: a few words on screen, still streaming.
                let streaming = try await tmux.waitFor(timeout: 60) { screen in
                    guard let r = screen.range(of: "\(model) ▸ ") else { return false }
                    return screen[r.upperBound...].prefix(60).split(separator: " ").count >= 4 && screen.contains("streaming")
                }
                try #require(streaming.ok, "the reply never started:\n\(streaming.screen)")
                // Both idle and unmeasured: the first listed replica serves.
                let pid = try #require(servers[0].pid)
                kill(pid, SIGKILL)
                partial = streaming.screen
                let done = try await tmux.waitFor(timeout: 300) { screen in
                    !TUIEndToEndTests.statusLine(screen).contains("streaming") && screen.contains("continued the answer")
                }
                #expect(done.ok, "the reply did not complete after the kill:\n\(done.screen)")
                #expect(!done.screen.contains("failed:"), "\(done.screen)")
                #expect(done.screen.contains("1/2 up"), "the panel shows the dead replica: \(done.screen)")
                try await tmux.keys("C-c")
                _ = try await tmux.waitFor(timeout: 10) { $0.contains("[exited: 0]") }
            }
            // In history: the whole reply, complete, with the failover on it.
            let export = try await Self.herd(["export", "last", "--format", "json"], dir: dir.path)
            #expect(export.status == .exited(0), "\(export.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
            let messages = try #require(json["messages"] as? [[String: Any]])
            let reply = try #require(messages.last)
            #expect(reply["status"] as? String == "complete", "\(reply)")
            let text = reply["text"] as? String ?? ""
            let failovers = reply["failovers"] as? [String] ?? []
            #expect(failovers.count == 1 && failovers.first?.contains("continued the answer") == true, "\(failovers)")
            #expect(text.count > 40, "\(text)")
            // What was on screen before the kill is the start of the stored reply.
            if let r = partial.range(of: "\(model) ▸ ") {
                let shown = partial[r.upperBound...].prefix { $0 != "│" && $0 != "\n" }.trimmingCharacters(in: .whitespaces)
                let firstWords = shown.split(separator: " ").prefix(3).joined(separator: " ")
                #expect(text.hasPrefix(firstWords), "shown before the kill: \(firstWords); stored: \(text.prefix(80))")
            }
            print("TUI kill -9 mid-reply: \(failovers.first ?? "-"); stored reply \(text.count) characters")
        }
    }

    // MARK: herd models

    @Test func herdModelsShowsEachMembersReplicasAndTheirState() async throws {
        try await LlamaServer.several(2) { servers in
            let dir = TemporaryDirectory()
            let args = ["models", "--server", servers[0].baseURL, "--server", servers[1].baseURL, "--server", "http://127.0.0.1:1"]
            let table = try await Self.herd(args, dir: dir.path)
            #expect(table.status == .exited(0), "\(table.stderr)")
            let rows = table.stdout.split(separator: "\n").map(String.init)
            let tinyA = try #require(rows.first { $0.hasPrefix("tiny-a ") }, "\(table.stdout)")
            #expect(tinyA.contains("2/2 up"), "\(tinyA)")
            for s in servers {
                #expect(rows.contains("  ↳ 127.0.0.1:\(s.port) (\(s.baseURL)): up"), "\(table.stdout)")
            }
            #expect(!table.stdout.contains("tiny-a@"), "one member, not one per server")
            let json = try await Self.herd(args + ["--json"], dir: dir.path)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let members = try #require(report["members"] as? [[String: Any]])
            let row = try #require(members.first { $0["name"] as? String == "tiny-a" })
            let replicas = try #require(row["replicas"] as? [[String: Any]])
            #expect(replicas.map { $0["url"] as? String } == servers.map(\.baseURL))
            #expect(replicas.allSatisfy { $0["state"] as? String == "up" })
        }
    }
}
