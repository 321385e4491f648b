import Foundation
import HerdTestSupport
import Testing

/// The whole `herd` TUI in tmux against the real llama-server: send, pin member 2 with Alt-2, send again.
@Suite(.serialized) struct TUIEndToEndTests {
    static let replies = [
        "tiny-a": "Hello from tiny-a!",
        "tiny-b": "Greetings from tiny-b, the middle sibling.",
        "tiny-c": "tiny-c here: I am the largest scripted model, with grouped-query attention and F16 weights.",
    ]

    @Test(arguments: [(100, 30), (60, 20)])
    func sendThenPinWithAlt2AndSendAgain(cols: Int, rows: Int) async throws {
        try await LlamaServer.with { llama in
            // The herd is tiny-a, tiny-b, tiny-c (in that order): the config leaves out the long-winded ones.
            try await Self.inTmux(serverURL: llama.baseURL, disabled: ["story", "babble"], cols: cols, rows: rows, play)
        }
    }

    /// `herd --new` in tmux with a config of its own (one server, `disabled` members left out) and an
    /// empty data folder; `play` drives it, and tmux and the folder go whatever happens.
    static func inTmux(serverURL: String, disabled: [String], cols: Int, rows: Int,
                       _ play: (Tmux) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = "[[servers]]\nname = \"llama\"\nurl = \"\(serverURL)\"\n"
        for name in disabled { config += "\n[[members]]\nname = \"\(name)\"\nserver = \"llama\"\nenabled = false\n" }
        try config.write(toFile: dir + "/config.toml", atomically: true, encoding: .utf8)
        try await Tmux.with(cols: cols, rows: rows, command: [try BuiltProduct.path("herd"), "--new"],
                            environment: ["HERD_HOME": dir, "HERD_CONFIG": dir + "/config.toml"], play)
    }

    func play(_ tmux: Tmux) async throws {
        let ready = try await tmux.waitFor(timeout: 20) { $0.contains("3 tiny-c") }
        try #require(ready.ok, "the herd never showed up:\n\(ready.screen)")
        #expect(!ready.screen.contains("story") && !ready.screen.contains("babble"), "disabled members are listed:\n\(ready.screen)")

        try await tmux.type("hello herd")
        try await tmux.keys("Enter")
        // Complete: the whole reply is there and the status line no longer says "streaming" (Enter waits for that).
        let first = try await tmux.waitFor(timeout: 30) { screen in
            Self.replies.contains { Self.chatText(screen).contains(Self.squeeze("\($0.key) ▸ \($0.value)")) }
                && !Self.statusLine(screen).contains("streaming")
        }
        try #require(first.ok, "no complete routed reply:\n\(first.screen)")
        let routed = Self.replies.first { Self.chatText(first.screen).contains(Self.squeeze("\($0.key) ▸ \($0.value)")) }!.key

        try await tmux.keys("M-2")
        try await tmux.type("and again")
        try await tmux.keys("Enter")
        let pinnedReply = Self.squeeze("tiny-b ◆ \(Self.replies["tiny-b"]!)")
        let second = try await tmux.waitFor(timeout: 30) { Self.chatText($0).contains(pinnedReply) }
        try #require(second.ok, "no reply from the pinned tiny-b:\n\(second.screen)")
        let chat = Self.chatText(second.screen)
        #expect(chat.contains(Self.squeeze("\(routed) ▸ \(Self.replies[routed]!)")), "the first reply is gone:\n\(second.screen)")
        #expect(chat.contains(Self.squeeze("you ▸ hello herd")) && chat.contains(Self.squeeze("you ▸ and again")))
        // The panel: member 2 selected and marked pinned; the router's own choice still shown.
        #expect(second.screen.contains("▶2 tiny-b"), "\(second.screen)")
        #expect(second.screen.contains("pinned"), "\(second.screen)")
        #expect(second.screen.contains("router:"), "\(second.screen)")

        try await tmux.keys("C-c")
        let exit = try await tmux.waitFor(timeout: 10) { $0.contains("[exited: 0]") }
        #expect(exit.ok, "herd did not quit cleanly on Ctrl-C:\n\(exit.screen)")
    }

    /// The chat pane's text (left of the panel), all rows joined, without whitespace: wrapping cannot break a match.
    static func chatText(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            let parts = line.split(separator: "│", omittingEmptySubsequences: false)
            return parts.count > 1 ? parts[1] : ""
        }.joined().filter { !$0.isWhitespace }
    }

    static func statusLine(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    static func squeeze(_ s: String) -> String { s.filter { !$0.isWhitespace } }
}
