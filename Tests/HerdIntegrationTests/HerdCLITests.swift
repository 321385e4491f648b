import Foundation
import HerdCore
import HerdTestSupport
import Testing

/// The built `herd` executable (`swift build --build-tests` puts it next to the test binary),
/// run as a child process against herd-up (OpenAI protocol) and against the Ollama front.
@Suite struct HerdCLITests {
    /// What `herd models --json` prints (the fields checked here).
    struct Report: Decodable {
        struct Server: Decodable {
            var url: String
            var `protocol`: String?
            var reachable: Bool
            var error: String?
            var models: [ModelInfo]
        }

        struct Row: Decodable {
            var name: String
            var model: String
            var server: String
            var `protocol`: String?
            var sizeB: Double?
            var loaded: Bool?
            var reachable: Bool
        }

        var servers: [Server]
        var members: [Row]
    }

    /// `--lambda` goes through `Lambda` on every command that takes it: the same values refused everywhere.
    @Test(arguments: [["ask", "hi"], ["chat"], ["route", "hi", "--members", "a:1,b:8"]])
    func lambdaIsValidatedOnEveryCommand(command: [String]) async throws {
        for bad in ["--lambda=-0.5", "--lambda=nan", "--lambda=high"] {
            let run = try await HerdRun.run(command + [bad])
            #expect(run.status == .exited(2), "\(command) \(bad): \(run.stderr)")
            #expect(run.stderr.contains("is invalid for '--lambda <lambda>'"), "\(command) \(bad): \(run.stderr)")
        }
        if command[0] == "route" {
            let run = try await HerdRun.run(command + ["--lambda=2", "--json"])
            #expect(run.status == .exited(0), "\(run.stderr)")
            #expect(run.stdout.contains("\"lambda\" : 2"))
        }
    }

    @Test func modelsJSONAgainstHerdUp() async throws {
        try await LlamaServer.with { llama in
            let run = try await HerdRun.run(["models", "--json", "--server", llama.baseURL + "/v1"])
            #expect(run.status == .exited(0), "\(run.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
            #expect(report.servers.count == 1)
            #expect(report.servers.first?.protocol == "openai")
            #expect(report.servers.first?.reachable == true)
            #expect(Set(report.members.map(\.name)) == ["tiny-a", "tiny-b", "tiny-c", "story", "babble"])
            #expect(report.members.allSatisfy { $0.protocol == "openai" && $0.reachable && $0.server == "127.0.0.1:\(llama.port)" })
            #expect(report.members.allSatisfy { $0.loaded != nil }, "llama-server's /v1/models says what is loaded")
            // Embedders are listed with the server but are not members.
            let all = Set(report.servers.first?.models.map(\.id) ?? [])
            #expect(all.isSuperset(of: ["all-minilm", "tiny-embed"]))
        }
    }

    @Test func modelsJSONAgainstTheOllamaFront() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8108, upstream: llama.baseURL) { front in
                let run = try await HerdRun.run(["models", "--json", "--server", front.baseURL])
                #expect(run.status == .exited(0), "\(run.stderr)")
                let report = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
                #expect(report.servers.first?.protocol == "ollama", "detected from /api/tags")
                #expect(Set(report.members.map(\.name)) == ["tiny-a", "tiny-b", "tiny-c", "story", "babble"])
                #expect(report.members.allSatisfy { $0.protocol == "ollama" && $0.reachable && $0.loaded != nil })
                let embedders = report.servers.first?.models.filter { !$0.canChat }.map(\.id) ?? []
                #expect(Set(embedders) == ["all-minilm", "tiny-embed"])
            }
        }
    }

    @Test func askStreamsTheScriptedReplyOverBothProtocols() async throws {
        try await LlamaServer.with { llama in
            let direct = try await HerdRun.run(["ask", "--model", "tiny-a", "--server", llama.baseURL, "hi"])
            #expect(direct.status == .exited(0), "\(direct.stderr)")
            #expect(direct.stdout == "Hello from tiny-a!\n")
            try await OllamaFront.with(port: 8109, upstream: llama.baseURL) { front in
                let viaOllama = try await HerdRun.run(["ask", "--model", "tiny-b", "--server", "ollama+" + front.baseURL, "hi"])
                #expect(viaOllama.status == .exited(0), "\(viaOllama.stderr)")
                #expect(viaOllama.stdout == "Greetings from tiny-b, the middle sibling.\n")
            }
        }
    }

    /// With no stderr to write to (`2>&-`), an error still ends herd with its own status, not a
    /// crash: the message has nowhere to go and is dropped.
    @Test(arguments: [["ask", "hi", "--server", "http://127.0.0.1:1"], ["models", "--server", "http://127.0.0.1:1"],
                      ["ask", "--no-such-flag"]])
    func aClosedStderrIsNoCrash(arguments: [String]) async throws {
        let home = TemporaryDirectory("herd-nostderr")
        let child = try ChildProcess.spawn("/usr/bin/env", [
            "-u", "OLLAMA_HOST", "-u", "OPENAI_BASE_URL", "HERD_CONFIG=\(home.path)/config.toml",
            "HERD_HOME=\(home.path)/data", "HERD_SERVERS=", try BuiltProduct.path("herd"),
        ] + arguments, stdout: .null, stderr: .closed)
        let status = await child.wait()
        #expect(status == .exited(arguments.contains("--no-such-flag") ? 2 : 1), "\(arguments): \(status)")
    }

    @Test func unreachableServerFailsClearly() async throws {
        let run = try await HerdRun.run(["ask", "hi", "--server", "http://127.0.0.1:1"])
        #expect(run.status == .exited(1))
        #expect(run.stderr.contains("127.0.0.1:1"), "\(run.stderr)")
        #expect(run.stderr.contains("unreachable"), "\(run.stderr)")
    }
}

/// The built `herd`, run to completion with its own empty config and data folder.
enum HerdRun {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Output {
        let dir = TemporaryDirectory("herd-cli")
        return try await run(arguments, home: dir.path)
    }

    /// As `run(_:)`, with the config and data folder in `home` (kept between runs).
    static func run(_ arguments: [String], home: String) async throws -> ProcessRunner.Output {
        // No user config, history or HERD_SERVERS leaks into the run.
        let env = ["HERD_CONFIG=\(home)/config.toml", "HERD_HOME=\(home)/data", "HERD_SERVERS="]
        return try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["-u", "OLLAMA_HOST", "-u", "OPENAI_BASE_URL"] + env + [try BuiltProduct.path("herd")] + arguments)
    }
}
