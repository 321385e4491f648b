import Foundation
import HerdCore
@testable import HerdConfig
import Testing

/// `[defaults]` and per-member generation options: read, checked with their lines, applied to members.
@Suite struct GenerationConfigTests {
    @Test func defaultsAndMemberOptionsLoadAndApply() throws {
        let text = """
            [defaults]
            temperature = 0.7
            top_p = 0.9
            max_tokens = 512
            stop = ["\\n\\nUser:", "###"]

            [[members]]
            name = "coder"
            model = "qwen2.5-coder"
            temperature = 0
            num_ctx = 16384
            stop = "<|end|>"

            [[members]]
            name = "plain"
            """
        let (config, problems) = ConfigLoader.parse(text: text, path: "config.toml")
        #expect(problems == [])
        #expect(config.defaults == GenerationOptions(temperature: 0.7, topP: 0.9, maxTokens: 512, stop: ["\n\nUser:", "###"]))
        #expect(config.members[0].options == GenerationOptions(temperature: 0, contextSize: 16384, stop: ["<|end|>"]))
        #expect(config.members[1].options.isEmpty)
        let e = ServerEndpoint(baseURL: "http://127.0.0.1:11434")
        let applied = config.apply(to: [Member(name: "qwen2.5-coder", endpoint: e), Member(name: "plain", endpoint: e),
                                        Member(name: "stranger", endpoint: e)])
        // The member's own values over the defaults; members without an entry get the defaults.
        #expect(applied[0].options == GenerationOptions(temperature: 0, topP: 0.9, maxTokens: 512, contextSize: 16384, stop: ["<|end|>"]))
        #expect(applied[1].options == config.defaults)
        #expect(applied[2].options == config.defaults)
        #expect(HerdConfig().apply(to: [Member(name: "x", endpoint: e)])[0].options == nil)
    }

    @Test func badValuesAreReportedWithTheirLines() {
        let text = """
            temperature = 0.5

            [defaults]
            temperature = 3
            top_p = "high"
            max_tokens = 2.5
            num_ctx = 0
            stop = [1, "x"]
            sead = 4

            [[members]]
            name = "a"
            top_p = -0.5
            stop = ""

            [[members]]
            name = "b"
            stop = []
            """
        #expect(lines(text) == [
            #"1: unknown key "temperature" in the top level; "temperature" belongs in [defaults] (or a [[members]] entry)"#,
            "4: temperature must be a number from 0 to 2, not 3",
            "5: defaults.top_p must be a number, not a string",
            "6: max_tokens must be a whole number of tokens, at least 1, not 2.5",
            "7: num_ctx must be a whole number of tokens, from 1 to 16777216, not 0",
            "8: defaults.stop[0] must be a string (in quotes), not an integer",
            #"9: unknown key "sead" in [defaults]; known keys: temperature, top_p, max_tokens, num_ctx, stop"#,
            "13: top_p must be a number from 0 to 1, not -0.5",
            #"14: stop must be one or more texts that are not empty, not """#,
            "18: stop must be one or more texts that are not empty, not an empty list",
        ])
        // A member with a bad option is left out, as with any bad field; the rest still loads.
        let (config, _) = ConfigLoader.parse(text: text, path: "config.toml")
        #expect(config.members.isEmpty)
    }

    @Test func theWrittenConfigDocumentsValidDefaults() throws {
        let text = ConfigWriter.render(servers: [], members: [])
        // Uncomment the [defaults] example: it must be a valid config saying what the comments say.
        var out: [String] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "# [defaults]" { inBlock = true }
            if inBlock, line.isEmpty { inBlock = false }
            out.append(inBlock ? String(line.dropFirst(2)) : line)
        }
        let (config, problems) = ConfigLoader.parse(text: out.joined(separator: "\n"), path: "init.toml")
        #expect(problems == [])
        #expect(config.defaults == GenerationOptions(temperature: 0.7, topP: 0.9, maxTokens: 1024, contextSize: 8192, stop: ["\n\nUser:"]))
    }
}
