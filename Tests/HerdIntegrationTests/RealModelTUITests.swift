import Foundation
import HerdTestSupport
import Testing

/// The TUI in tmux with a real LLM (SmolLM2-135M-Instruct on llama-server): its text varies, so the
/// test asserts structure and behaviour: a routed, complete reply with code and markdown rendered (no
/// fences or emphasis markers left on screen), UTF-8 intact, and Esc stopping a long reply.
@Suite(.serialized) struct RealModelTUITests {
    @Test func aConversationWithSmolLM2() async throws {
        try await LlamaServer.withReal { llama in
            // The herd: the two real models; the scripted ones stay out.
            try await TUIEndToEndTests.inTmux(serverURL: llama.baseURL, disabled: ["tiny-a", "tiny-b", "tiny-c", "story", "babble"],
                                              cols: 110, rows: 34, play)
        }
    }

    func play(_ tmux: Tmux) async throws {
        let ready = try await tmux.waitFor(timeout: 30) { $0.contains("smollm2-135m") && $0.contains("gemma3-270m") }
        try #require(ready.ok, "the real herd never showed up:\n\(ready.screen)")
        // Both are unknown to the public data: the panel says their confidences are priors.
        #expect(ready.screen.contains("prior"), "\(ready.screen)")

        // Routed, not pinned: the instruction-tuned model is ranked above the base model of twice its size.
        try await tmux.type("Write a short Python function that reverses a string. Put the code in a fenced code block.")
        try await tmux.keys("Enter")
        let answered = try await tmux.waitFor(timeout: 240) { screen in
            screen.contains("smollm2-135m ▸") && !TUIEndToEndTests.statusLine(screen).contains("streaming")
        }
        try #require(answered.ok, "no complete reply from smollm2-135m:\n\(answered.screen)")
        let chat = TUIEndToEndTests.chatText(answered.screen)
        #expect(!chat.contains("```"), "a code fence was shown raw:\n\(answered.screen)")
        // A pair of markers around text is emphasis and must not show; a lone `**` is text (SmolLM2 once
        // wrote of Python's "** operator", which CommonMark leaves as it is).
        #expect(chat.range(of: #"\*\*[^*\s][^*]*\*\*"#, options: .regularExpression) == nil,
                "emphasis markers were shown raw:\n\(answered.screen)")
        #expect(!chat.contains("\u{FFFD}"), "broken UTF-8 on screen:\n\(answered.screen)")
        #expect(TUIEndToEndTests.statusLine(answered.screen).contains("tok/s"), "\(answered.screen)")

        // UTF-8 both ways: the user's own accented and CJK text stays intact in the chat; then a long
        // reply, stopped with Esc once it streams.
        try await tmux.type("Répète: café, naïve, 日本語. Then count from 1 to 500, one number per line.")
        try await tmux.keys("Enter")
        // As long as the first reply may take: with every suite's servers on two cores, a real model's
        // prefill of the conversation so far has taken minutes.
        // SmolLM2 does not always count: a reply of a few words at ~100 tokens/s can start and end
        // between two looks at the screen (two clean-clone runs waited for "streaming" until their
        // timeout, with the second reply complete on screen). A reply already over has nothing to stop.
        let replied = { (screen: String) -> Bool in
            TUIEndToEndTests.chatText(screen).components(separatedBy: "Répète").dropFirst().joined().contains("smollm2-135m▸")
        }
        let streaming = try await tmux.waitFor(timeout: 240) { screen in
            TUIEndToEndTests.statusLine(screen).contains("streaming") || replied(screen)
        }
        try #require(streaming.ok, "the second reply never came:\n\(streaming.screen)")
        var last = streaming.screen
        if TUIEndToEndTests.statusLine(streaming.screen).contains("streaming") {
            try await tmux.keys("Escape")
            let stopped = try await tmux.waitFor(timeout: 20) { $0.contains("■ stopped") }
            #expect(stopped.ok, "Esc did not stop the reply:\n\(stopped.screen)")
            last = stopped.screen
        }
        #expect(TUIEndToEndTests.chatText(last).contains(TUIEndToEndTests.squeeze("café, naïve, 日本語")), "\(last)")

        try await tmux.keys("C-c")
        let exit = try await tmux.waitFor(timeout: 10) { $0.contains("[exited: 0]") }
        #expect(exit.ok, "herd did not quit cleanly on Ctrl-C:\n\(exit.screen)")
    }
}
