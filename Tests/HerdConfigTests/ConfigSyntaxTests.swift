import Foundation
@testable import HerdConfig
import Testing

@Suite struct ConfigSyntaxTests {
    @Test func everySyntaxErrorIsReportedWithItsLineAndTheRestIsStillChecked() {
        let text = """
            theme = "herd-dark"
            stream_timeout = = 5

            [router]
            lambda = 0.3.1
            lamda = 2

            [[members]]
            name = "a"
            name = "b"
            size = "big"
            """
        let problems = ConfigLoader.check(text: text, path: "/etc/herd.toml")
        let syntax = problems.filter { $0.message.hasPrefix("syntax:") }
        #expect(syntax.map(\.line) == [2, 5, 10])
        #expect(syntax.allSatisfy { $0.description.hasPrefix("/etc/herd.toml:\($0.line!):") })
        // The lines that parse are still validated.
        #expect(problems.contains { $0.line == 6 && $0.message.contains("did you mean \"lambda\"") })
        #expect(problems.contains { $0.line == 11 && $0.message.contains("size must be a number") })
        #expect(problems.count == 5)
    }

    @Test func aMissingKeyOnABlankedLineIsNotReportedTwice() {
        let text = """
            [[servers]]
            url = "http://127.0.0.1:11434
            """
        let problems = ConfigLoader.check(text: text, path: "c.toml")
        #expect(problems.count == 1)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.message.hasPrefix("syntax:") == true)
    }

    @Test func misplacedKeysSayWhereTheyBelong() {
        let text = """
            [[members]]
            name = "a"
            theme = "x"

            [router]
            lambda = 0.2
            send = "enter"
            """
        let messages = ConfigLoader.check(text: text, path: "c.toml").map { "\($0.line!): \($0.message)" }
        #expect(messages == [
            #"3: unknown key "theme" in [[members]]; "theme" belongs at the top level, above the first [table]"#,
            #"7: unknown key "send" in [router]; "send" belongs in [keys]"#,
        ])
    }

    @Test func aTableWhereAnArrayOfTablesBelongsIsExplained() {
        let problems = ConfigLoader.check(text: "[servers]\nurl = \"http://x:1\"\n", path: "c.toml")
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message == "write [[servers]] (one per entry), not [servers]")
    }

    @Test func unknownTopLevelTableGetsASuggestion() {
        let problems = ConfigLoader.check(text: "[[member]]\nname = \"a\"\n", path: "c.toml")
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message == #"unknown key "member" in the top level (did you mean "members"?)"#)
    }

    @Test func embeddingsMustNameAServerOrURL() {
        let text = """
            [[servers]]
            name = "ollama"
            url = "http://127.0.0.1:11434"

            [router.embeddings]
            server = "olama"
            """
        let messages = ConfigLoader.check(text: text, path: "c.toml").map { "\($0.line!): \($0.message)" }
        #expect(messages == [
            #"5: [router.embeddings] needs model = "…" (an embedding model id)"#,
            #"6: no [[servers]] entry is named "olama" (did you mean "ollama"?); give a server name or a URL"#,
        ])
    }

    @Test func keyClashWithTheDefaultsAndThePinModifier() {
        let text = """
            [keys]
            retry = "esc"
            pin = "ctrl"
            copy_code = "ctrl-5"
            help = "alt-5"
            """
        let messages = ConfigLoader.check(text: text, path: "c.toml").map { "\($0.line!): \($0.message)" }
        // Keys no terminal reports to Herd are refused where they are written, not dropped later.
        #expect(messages == [
            #"2: retry = "esc" is the default key of stop; bind stop to another key first"#,
            #"3: pin: pin takes "alt" (Alt-1…9 pin members); a terminal cannot report ctrl with a digit, so "ctrl" cannot be bound"#,
            #"4: copy_code: "ctrl-5" is not a key a terminal reports to Herd; bind a character, ctrl-LETTER, alt-KEY, F1…F12 or a named key (enter, esc, tab, up, pgup…)"#,
            #"5: help = "alt-5" clashes with pin = "alt" (alt-1…9 pin members)"#,
        ])
    }

    @Test func loadThrowsEveryErrorButNotWarnings() throws {
        let dir = NSTemporaryDirectory() + "herd-config-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config.toml"
        try "stream_timeout = 0\n[router]\nlambda = \"high\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ConfigLoader.load(path: path)
            Issue.record("an invalid config loaded")
        } catch let ConfigError.invalid(p, problems) {
            #expect(p == path)
            #expect(problems.map(\.line) == [1, 3])
            let text = ConfigError.invalid(path: p, problems: problems).description
            #expect(text.contains("\(path):1: error: stream_timeout must be more than 0 seconds, not 0"))
            #expect(text.contains("\(path):3: error: router.lambda must be a number, not a string"))
        }
        // A duplicate URL is only a warning: the file loads.
        try "[[servers]]\nname = \"a\"\nurl = \"http://h:1\"\n[[servers]]\nname = \"b\"\nurl = \"http://h:1/v1\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: path)
        #expect(config.servers.map(\.name) == ["a", "b"])
        #expect(ConfigLoader.check(text: try String(contentsOfFile: path, encoding: .utf8), path: path).map(\.severity) == [.warning])
    }

    @Test func themeMissingFromTheThemeFoldersIsAWarningWithSuggestions() throws {
        let dir = NSTemporaryDirectory() + "herd-themes-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["herd-dark", "herd-light"] {
            try "palette: {}\n".write(toFile: "\(dir)/\(name).yaml", atomically: true, encoding: .utf8)
        }
        #expect(ConfigLoader.check(text: "theme = \"herd-light\"\n", path: "c", themeDirs: ["/nope", dir]) == [])
        let problems = ConfigLoader.check(text: "\ntheme = \"herd-drak\"\n", path: "c", themeDirs: [dir])
        #expect(problems.map(\.severity) == [.warning])
        #expect(problems.first?.line == 2)
        #expect(problems.first?.message.contains("did you mean \"herd-dark\"") == true)
    }
}
