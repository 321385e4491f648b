import Foundation
import HerdCore
@testable import HerdConfig
import Testing

@Suite struct ConfigWriterTests {
    let ollama = ServerEndpoint(baseURL: "http://127.0.0.1:11434", proto: .ollama)
    let llama = ServerEndpoint(baseURL: "http://127.0.0.1:8080", proto: .openAI)

    @Test func theWrittenConfigChecksCleanAndLoadsWhatWasFound() {
        let members = [
            Member(name: "llama3.1:8b", endpoint: ollama, sizeB: 8),
            Member(name: "qwen \"2.5\"", modelID: "qwen2.5:3b", endpoint: ollama, sizeB: 3.1, profile: "Qwen"),
            Member(name: "tiny-b", endpoint: llama),
        ]
        let text = ConfigWriter.render(servers: [ollama, llama], members: members,
                                       unreachable: [ServerEndpoint(baseURL: "http://127.0.0.1:1234")])
        let (config, problems) = ConfigLoader.parse(text: text, path: "init.toml")
        #expect(problems == [])
        #expect(config.servers == [ServerConfig(name: "ollama", url: "http://127.0.0.1:11434", proto: .ollama),
                                   ServerConfig(name: "llama-server", url: "http://127.0.0.1:8080", proto: .openAI)])
        #expect(config.members == [
            MemberConfig(name: "llama3.1:8b", server: "ollama", model: "llama3.1:8b", sizeB: 8),
            MemberConfig(name: "qwen \"2.5\"", server: "ollama", model: "qwen2.5:3b", sizeB: 3.1, profile: "Qwen"),
            MemberConfig(name: "tiny-b", server: "llama-server", model: "tiny-b"),
        ])
        #expect(config.router == RouterConfig())
        #expect(config.keys == KeyBindings())
        #expect(text.contains("# url = \"http://127.0.0.1:1234\""))
        // The discovered members, run through the config they produced, come out unchanged.
        #expect(config.apply(to: members) == members)
    }

    @Test func nothingFoundStillGivesAValidCommentedFile() {
        let text = ConfigWriter.render(servers: [], members: [])
        #expect(ConfigLoader.check(text: text, path: "c") == [])
        #expect(text.contains("# [[servers]]"))
        for action in KeyAction.allCases { #expect(text.contains("# \(action.rawValue) = ")) }
    }

    @Test func serverNamesAreFriendlyAndUnique() {
        let names = ConfigWriter.serverNames([ollama, ServerEndpoint(baseURL: "http://10.0.0.2:11434", proto: .ollama),
                                              llama, ServerEndpoint(baseURL: "http://gpu-box:9000")])
        #expect(names == ["ollama", "ollama-2", "llama-server", "gpu-box-9000"])
    }

    @Test func applyRenamesSizesAndDisablesByServerAndModel() {
        let config = HerdConfig(
            servers: [ServerConfig(name: "ollama", url: "http://127.0.0.1:11434/v1")],
            members: [MemberConfig(name: "big", server: "ollama", model: "llama3.1:70b", sizeB: 70, profile: "Meta-Llama-3_1-70B-Instruct"),
                      MemberConfig(name: "phi3:mini", enabled: false)])
        let found = [Member(name: "llama3.1:70b", endpoint: ollama),
                     Member(name: "llama3.1:70b@x", modelID: "llama3.1:70b", endpoint: llama),
                     Member(name: "phi3:mini", endpoint: llama),
                     Member(name: "other", endpoint: ollama)]
        let applied = config.apply(to: found)
        #expect(applied.map(\.name) == ["big", "llama3.1:70b@x", "phi3:mini", "other"])
        #expect(applied[0].sizeB == 70)
        #expect(applied[0].profile == "Meta-Llama-3_1-70B-Instruct")
        #expect(applied[1].sizeB == nil)  // same model on another server: the entry names ollama
        #expect(applied[2].enabled == false)
        #expect(applied[3] == found[3])
    }
}
