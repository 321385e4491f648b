import Foundation
import HerdCore
@testable import HerdConfig
import Testing

@Suite struct ConfigCheckTests {
    /// Problems as `line: message` for compact expectations.
    @Test func aValidFileLoadsEveryField() throws {
        let text = """
            theme = "solarized"
            stream_timeout = 90.5

            [[servers]]
            name = "ollama"
            url = "http://127.0.0.1:11434/"
            protocol = "ollama"

            [[servers]]
            name = "remote"
            url = "https://example.org/v1"
            protocol = "openai"
            api_key_env = "REMOTE_KEY"

            [[members]]
            name = "llama"
            server = "ollama"
            model = "llama3.1:8b"
            size = 8
            profile = "Meta-Llama-3_1-8B-Instruct"

            [[members]]
            name = "phi3:mini"
            size = 3.8
            enabled = false

            [router]
            lambda = 0.5
            model = "models/router.json"
            embeddings = { server = "ollama", model = "nomic-embed-text" }

            [keys]
            retry = "Ctrl-T"
            pin = "alt"
            """
        let (config, problems) = ConfigLoader.parse(text: text, path: "config.toml")
        #expect(problems == [])
        #expect(config.theme == "solarized")
        #expect(config.streamTimeout == 90.5)
        #expect(config.servers == [
            ServerConfig(name: "ollama", url: "http://127.0.0.1:11434/", proto: .ollama),
            ServerConfig(name: "remote", url: "https://example.org/v1", proto: .openAI, apiKeyEnv: "REMOTE_KEY"),
        ])
        #expect(config.servers[1].endpoint.baseURL == "https://example.org")
        #expect(config.members == [
            MemberConfig(name: "llama", server: "ollama", model: "llama3.1:8b", sizeB: 8, profile: "Meta-Llama-3_1-8B-Instruct"),
            MemberConfig(name: "phi3:mini", sizeB: 3.8, enabled: false),
        ])
        #expect(config.router == RouterConfig(lambda: 0.5, model: "models/router.json",
                                              embeddings: EmbeddingsConfig(server: "ollama", model: "nomic-embed-text")))
        #expect(config.router.modelPath(dataDir: "/d") == "/d/models/router.json")
        #expect(config.keys[.retry] == "ctrl-t")
        #expect(config.keys[.pin] == "alt")
        #expect(config.keys[.send] == "enter")
    }

    @Test func missingFileIsTheDefaultConfig() throws {
        let config = try ConfigLoader.load(path: "/nonexistent/herd-\(UUID())/config.toml")
        #expect(config == HerdConfig())
        #expect(config.router.lambda == 0.3)
        #expect(config.theme == "herd-dark")
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let text = """
            theme = 42
            stream_timout = 30

            [[servers]]
            name = "ollama"
            url = "ftp://127.0.0.1:11434"
            protocl = "ollama"

            [[servers]]
            name = "ollama"
            url = "http://127.0.0.1:8080"
            protocol = "openapi"
            api_key_env = "sk-abc123"

            [[members]]
            name = "llama"
            server = "olama"
            size = -8
            enabled = "yes"

            [[members]]
            server = "ollama"

            [router]
            lambda = -1
            lamda = 0.3

            [keys]
            retry = "ctrl-"
            stop = "ctrl-q"
            quit = "ctrl-q"
            sned = "enter"
            pin = "ctrl"
            help = "shift-x"
            """
        #expect(lines(text) == [
            "1: theme must be a string (in quotes), not an integer",
            #"2: unknown key "stream_timout" in the top level (did you mean "stream_timeout"?)"#,
            #"6: url "ftp://127.0.0.1:11434": the scheme must be http or https, not ftp"#,
            #"7: unknown key "protocl" in [[servers]] (did you mean "protocol"?)"#,
            #"10: a second server is named "ollama" (the first is on line 5); names must differ"#,
            #"12: protocol "openapi" is not one of "ollama", "openai" (did you mean "openai"?); leave it out to detect"#,
            #"13: api_key_env names an environment variable that holds the key (like OPENAI_API_KEY), not the key itself; "sk-a…" is not a variable name"#,
            #"17: no [[servers]] entry is named "olama" (did you mean "ollama"?) (servers: "ollama")"#,
            "18: size is the parameter count in billions and must be more than 0, not -8",
            "19: members[0].enabled must be true or false, not a string",
            #"21: [[members]] needs name = "…" (the name shown and used by --model)"#,
            "25: λ must be 0 or more (0: best answer whatever the cost), not -1",
            #"26: unknown key "lamda" in [router] (did you mean "lambda"?)"#,
            #"29: retry: "ctrl-" has no key after ctrl-"#,
            #"31: quit = "ctrl-q" is also bound to stop; bind stop to another key first"#,
            #"32: unknown key "sned" in [keys] (did you mean "send"?)"#,
            #"33: pin: pin takes "alt" (Alt-1…9 pin members); a terminal cannot report ctrl with a digit, so "ctrl" cannot be bound"#,
            #"34: help: "shift-x" is not a key a terminal reports to Herd; bind a character, ctrl-LETTER, alt-KEY, F1…F12 or a named key (enter, esc, tab, up, pgup…)"#,
        ])
    }
}
