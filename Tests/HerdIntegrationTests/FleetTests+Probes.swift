#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HerdCore
import HerdTestSupport
import Testing

extension FleetTests {
    /// The chat probes its idle replicas: a replica killed while nobody asks anything shows as down
    /// on the panel within the idle interval (30 s) plus a probe, with no message sent.
    @Test func anIdleReplicaKilledInTheChatShowsDownOnThePanelWithoutAnyMessage() async throws {
        try await LlamaServer.several(2) { servers in
            let dir = TemporaryDirectory()
            let config = Self.replicaConfig([("gpu-a", servers[0].baseURL, nil), ("gpu-b", servers[1].baseURL, nil)], member: "tiny-a",
                                            others: ["tiny-b", "tiny-c", "story", "babble"])
            try await Self.inTmux(dir: dir.path, config: config, cols: 120, rows: 30) { tmux in
                let ready = try await tmux.waitFor(timeout: 30) { $0.contains("tiny-a") && $0.contains("2/2 up") }
                try #require(ready.ok, "the member and its two replicas never showed up:\n\(ready.screen)")
                let started = Date()
                kill(try #require(servers[1].pid), SIGKILL)
                let down = try await tmux.waitFor(timeout: HealthPolicy.standard.idleProbeInterval + 15) { $0.contains("1/2 up") }
                #expect(down.ok, "the panel never showed the dead replica:\n\(down.screen)")
                print(String(format: "idle replica killed in the chat: the panel showed 1/2 up after %.1f s (idle probe interval %.0f s)",
                             Date().timeIntervalSince(started), HealthPolicy.standard.idleProbeInterval))
                try await tmux.keys("C-c")
                _ = try await tmux.waitFor(timeout: 10) { $0.contains("[exited: 0]") }
            }
        }
    }
}

extension FleetTests {
    /// A replica the config lists on a server that does not answer is shown down, not left out.
    @Test func herdModelsShowsAListedReplicaWhoseServerIsDownAsDown() async throws {
        try await LlamaServer.several(1) { servers in
            let dir = TemporaryDirectory()
            let dead = "http://127.0.0.1:1"
            let config = """
                [[servers]]
                name = "gpu-a"
                url = "\(servers[0].baseURL)"

                [[servers]]
                name = "gpu-b"
                url = "\(dead)"

                [[members]]
                name = "tiny-a"
                servers = ["gpu-b", "gpu-a"]

                """
            try config.write(toFile: dir.path + "/config.toml", atomically: true, encoding: .utf8)
            let table = try await Self.herd(["models"], dir: dir.path)
            #expect(table.status == .exited(0), "\(table.stderr)")
            let rows = table.stdout.split(separator: "\n").map(String.init)
            let tinyA = try #require(rows.first { $0.hasPrefix("tiny-a ") }, "\(table.stdout)")
            #expect(tinyA.contains("1/2 up"), "\(tinyA)")
            #expect(rows.contains("  ↳ gpu-b (\(dead)): down"), "\(table.stdout)")
            #expect(rows.contains("  ↳ gpu-a (\(servers[0].baseURL)): up"), "\(table.stdout)")
        }
    }
}

extension FleetTests {
    /// A listed replica whose server was stopped when the chat started shows as down, takes no
    /// request, and joins (2/2 up) once the server answers the fleet's probes: with its protocol
    /// in the config, and without (found when the server answers, `UndetectedServer`).
    @Test(arguments: ["openai", nil] as [String?])
    func aReplicaStoppedAtStartJoinsThePanelWhenItsServerAnswers(proto: String?) async throws {
        try await LlamaServer.several(2) { servers in
            let dir = TemporaryDirectory()
            let config = Self.replicaConfig([("gpu-a", servers[0].baseURL, nil), ("gpu-b", servers[1].baseURL, proto)],
                                            member: "tiny-a", others: ["tiny-b", "tiny-c", "story", "babble"])
            let pid = try #require(servers[1].pid)
            kill(pid, SIGSTOP)
            var resumed = false
            defer { if !resumed { kill(pid, SIGCONT) } }
            try await Self.inTmux(dir: dir.path, config: config, cols: 120, rows: 30) { tmux in
                let ready = try await tmux.waitFor(timeout: 30) { $0.contains("tiny-a") && $0.contains("1/2 up") }
                try #require(ready.ok, "the stopped replica should show as down:\n\(ready.screen)")
                kill(pid, SIGCONT)
                resumed = true
                let started = Date()
                let joined = try await tmux.waitFor(timeout: 70) { $0.contains("2/2 up") }
                #expect(joined.ok, "the replica never joined after its server came back:\n\(joined.screen)")
                print(String(format: "replica stopped at start: on the panel 2/2 up %.1f s after SIGCONT", Date().timeIntervalSince(started)))
                try await tmux.keys("C-c")
                _ = try await tmux.waitFor(timeout: 10) { $0.contains("[exited: 0]") }
            }
        }
    }
}

extension FleetTests {
    /// A config with these servers (name, URL, protocol when given), one member served by all of them
    /// in that order, and the `others` models disabled.
    static func replicaConfig(_ servers: [(name: String, url: String, proto: String?)], member: String, others: [String]) -> String {
        var config = ""
        for s in servers {
            config += "[[servers]]\nname = \"\(s.name)\"\nurl = \"\(s.url)\"\n"
            if let p = s.proto { config += "protocol = \"\(p)\"\n" }
            config += "\n"
        }
        config += "[[members]]\nname = \"\(member)\"\nservers = [\(servers.map { "\"\($0.name)\"" }.joined(separator: ", "))]\n"
        for other in others { config += "\n[[members]]\nname = \"\(other)\"\nenabled = false\n" }
        return config
    }
}
