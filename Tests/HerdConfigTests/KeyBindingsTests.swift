import HerdCore
@testable import HerdConfig
import Testing

@Suite struct KeyBindingsTests {
    @Test func keysAreNormalised() throws {
        #expect(try KeyBindings.normalize(" F5 ", for: .help).get() == "f5")
        #expect(try KeyBindings.normalize("-", for: .lambdaDown).get() == "-")
        #expect(try KeyBindings.normalize("alt--", for: .lambdaDown).get() == "alt--")
        #expect(try KeyBindings.normalize("alt", for: .pin).get() == "alt")
    }

    @Test func badKeysSayWhy() {
        func message(_ s: String, _ a: KeyAction = .retry) -> String? {
            if case let .failure(e) = KeyBindings.normalize(s, for: a) { return e.message }
            return nil
        }
        #expect(message("ctrl-ctrl-x") == #""ctrl-ctrl-x" repeats ctrl"#)
        #expect(message("pgdown")?.contains(#"did you mean "pgdn""#) == true)
        #expect(message("") == "empty key")
        #expect(message("alt-1", .pin)?.hasPrefix(#"pin takes "alt""#) == true)
        #expect(message("ctrl", .pin)?.hasPrefix(#"pin takes "alt""#) == true)
        #expect(message("Shift-CTRL-x")?.contains("not a key a terminal reports") == true)
        #expect(message("ctrl-1")?.contains("not a key a terminal reports") == true)
        #expect(KeyBindings().action(for: "ctrl-r") == .retry)
    }

    @Test func suggestionsAreCloseOnly() {
        #expect(Suggestion.closest(to: "lamda", in: ["lambda", "model"]) == "lambda")
        #expect(Suggestion.closest(to: "api-key-env", in: ["api_key_env"]) == "api_key_env")
        #expect(Suggestion.closest(to: "tehme", in: ["theme"]) == "theme")  // transposition
        #expect(Suggestion.closest(to: "colour", in: ["theme", "keys"]) == nil)
        #expect(Suggestion.distance(Array("kitten"), Array("sitting")) == 3)
        // A tie goes to the longer common prefix, whatever the candidates' order.
        #expect(Suggestion.closest(to: "pgdown", in: ["down", "pgdn"]) == "pgdn")
        #expect(Suggestion.closest(to: "pgdown", in: ["pgdn", "down"]) == "pgdn")
    }
}
