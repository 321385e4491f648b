import Foundation
import HerdCore
@testable import HerdTUI
import Testing

/// `/set`: generation options for the session, through `App.update`, into every later request.
@Suite struct GenerationCommandTests {
    func command(_ text: String, _ s: inout AppState) {
        _ = Fixtures.send(text, &s)
    }

    /// The request of the next reply, as the app hands it to the effect runner.
    func nextRequest(_ s: inout AppState) -> ChatRequest? {
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("hi", &s).last else { return nil }
        for e in App.update(&s, .decided(id: id, Fixtures.decision())) {
            if case let .stream(_, _, request, _) = e { return request }
        }
        return nil
    }

    @Test func setReachesTheNextRequest() throws {
        var s = Fixtures.state()
        command("/set temperature 0.2", &s)
        #expect(s.notice == Notice("temperature 0.2 for this session"))
        command("/set top-p 0.9", &s)
        command("/set max_tokens 64", &s)
        command(#"/set stop "\n\n" END"#, &s)
        command("/set num_ctx 4096", &s)
        #expect(s.notice?.text.contains("Ollama members only") == true)
        #expect(s.conversation.messages.isEmpty, "a command is not a message")
        let r = try #require(nextRequest(&s))
        #expect(r.options == GenerationOptions(temperature: 0.2, topP: 0.9, maxTokens: 64, contextSize: 4096, stop: ["\n\n", "END"]))
    }

    @Test func setAloneListsAndOneNameShowsIt() {
        var s = Fixtures.state()
        command("/set", &s)
        #expect(s.notice?.text == "the config's or the server's: temperature, top_p, max_tokens, num_ctx, stop · /set NAME VALUE, /set NAME default")
        command("/set max_tokens 100", &s)
        command("/set stop ###", &s)
        command("/set", &s)
        #expect(s.notice?.text == ####"set: max_tokens 100, stop "###" · the config's or the server's: temperature, top_p, num_ctx · /set NAME VALUE, /set NAME default"####)
        command("/set max_tokens", &s)
        #expect(s.notice?.text == "max_tokens is 100 for this session")
        command("/set temperature", &s)
        #expect(s.notice?.text == "temperature is not set: the config's or the server's")
    }

    @Test func badValuesAreRefusedAndChangeNothing() {
        var s = Fixtures.state()
        command("/set temperature 0.5", &s)
        command("/set temperature 3", &s)
        #expect(s.notice == .error("temperature must be a number from 0 to 2, not 3"))
        command("/set max_tokens lots", &s)
        #expect(s.notice == .error(#"max_tokens must be a whole number of tokens, at least 1, not "lots""#))
        command(#"/set stop "unclosed"#, &s)
        #expect(s.notice == .error("stop: a quote is not closed"))
        command("/set seed 4", &s)
        #expect(s.notice == .error(#"no setting "seed": /set takes temperature, top_p, max_tokens, num_ctx, stop"#))
        #expect(s.generation == GenerationOptions(temperature: 0.5))
    }

    @Test func defaultUnsetsOne() throws {
        var s = Fixtures.state()
        s.generation = GenerationOptions(temperature: 0.1, maxTokens: 9)
        command("/set temperature default", &s)
        #expect(s.notice?.text == "temperature: the config's or the server's again")
        #expect(try #require(nextRequest(&s)).options == GenerationOptions(maxTokens: 9))
    }

    @Test func tabCompletesTheSettingNames() {
        var s = Fixtures.state()
        _ = App.update(&s, .key(.paste("/set te")))
        _ = App.update(&s, .key(.tab))
        #expect(s.input.string == "/set temperature ")
        s.input = InputState()
        _ = App.update(&s, .key(.paste("/set m")))
        _ = App.update(&s, .key(.tab))
        #expect(s.input.string == "/set max_tokens ")
    }
}
