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
            var config = """
                [[servers]]
                name = "gpu-a"
                url = "\(servers[0].baseURL)"

                [[servers]]
                name = "gpu-b"
                url = "\(servers[1].baseURL)"

                [[members]]
                name = "tiny-a"
                servers = ["gpu-a", "gpu-b"]

                """
            for other in ["tiny-b", "tiny-c", "story", "babble"] {
                config += "\n[[members]]\nname = \"\(other)\"\nenabled = false\n"
            }
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
