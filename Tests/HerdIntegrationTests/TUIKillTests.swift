import Foundation
import HerdCore
import HerdStore
import HerdTestSupport
import Testing

/// The README's promise, on the TUI's own save path: `kill -9` of `herd` while a reply streams
/// loses no token that was on screen for a frame.
@Suite(.serialized) struct TUIKillTests {
    @Test func kill9MidStreamKeepsEveryTokenShownForAFrame() async throws {
        // It measures frames: it runs while no llama-server test computes.
        try await LlamaServer.alone { try await FixtureServer.with(.openAI, models: [FixtureModel(id: "alpha")]) { f in
            // ~300 tokens a second for 10 s: the kill lands mid-stream.
            f.setReply(.tokens((0..<3000).map { "w\($0) " }, delay: 0.003), for: "alpha")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-kill-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try "[[servers]]\nname = \"fixture\"\nurl = \"\(f.baseURL)\"\n".write(toFile: dir + "/config.toml", atomically: true, encoding: .utf8)
            let tmux = try await Tmux.start(cols: 100, rows: 30, command: [try BuiltProduct.path("herd"), "--new"],
                                            environment: ["HERD_HOME": dir, "HERD_CONFIG": dir + "/config.toml"])
            defer { Task { await tmux.kill() } }
            let ready = try await tmux.waitFor(timeout: 20) { $0.contains("1 alpha") }
            try #require(ready.ok, "the herd never showed up:\n\(ready.screen)")
            try await tmux.type("go")
            try await tmux.keys("Enter")
            let streaming = try await tmux.waitFor(timeout: 20) { Self.shown(in: $0) >= 300 }
            try #require(streaming.ok, "no stream on screen:\n\(streaming.screen)")
            let pid = try #require(try await tmux.commandPID())
            // What is on screen now stays there for longer than a frame (1/30 s), then the process dies.
            let screen = try await tmux.screen()
            let shown = Self.shown(in: screen)
            try await Task.sleep(for: .milliseconds(50))
            #expect(kill(pid, SIGKILL) == 0)
            let exited = try await tmux.waitFor(timeout: 10) { $0.contains("[exited: 137]") }
            #expect(exited.ok, "herd did not die of SIGKILL:\n\(exited.screen)")

            let store = try Store.open(path: dir + "/herd.sqlite")
            let conversation = try #require(try store.lastConversation())
            let reply = try #require(conversation.messages.last)
            #expect(reply.role == .assistant && reply.status == .streaming && reply.member == "alpha")
            // Saved: tokens 0..<k in order, nothing torn; and k covers every token that was on screen.
            let k = reply.text.split(separator: " ").count
            #expect(reply.text == (0..<k).map { "w\($0) " }.joined(), "torn text: …\(reply.text.suffix(40))")
            #expect(k > shown, "w\(shown) was on screen for a frame, but only \(k) tokens were saved")
            #expect(try store.markInterruptedStreams() == 1)
        } }
    }

    /// The highest token number on screen (`w123`), -1 when none.
    static func shown(in screen: String) -> Int {
        var best = -1
        for word in screen.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.first == "w" {
            if let n = Int(word.dropFirst()), n > best { best = n }
        }
        return best
    }
}
