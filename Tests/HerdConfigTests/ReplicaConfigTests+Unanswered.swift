import Foundation
import HerdCore
@testable import HerdConfig
import Testing

extension ReplicaConfigTests {
    @Test func aListedServerThatGaveNoModelListStaysAReplicaAndTheMemberStartsOnOneThatAnswered() throws {
        let text = Self.servers + """
            [[members]]
            name = "llama"
            model = "llama3.1:8b"
            servers = ["gpu-a", "gpu-b", "gpu-c"]
            """
        let (config, problems) = ConfigLoader.parse(text: text, path: "config.toml")
        #expect(problems == [])
        let b = ServerEndpoint(baseURL: "http://10.0.0.2:8080", name: "gpu-b")
        let found = [Member(name: "llama3.1:8b", endpoint: b)]
        // gpu-a did not answer discovery; gpu-c answered but has no such model.
        let applied = config.apply(to: found, unanswered: ["http://10.0.0.1:8080"])
        #expect(applied.count == 1)
        #expect(applied[0].replicas.map(\.name) == ["gpu-a", "gpu-b"], "the silent server kept, in the list's order; gpu-c left out")
        #expect(applied[0].endpoint.name == "gpu-b", "the member's own endpoint is one that answered")
        #expect(applied[0].replicas[0].timeout == 120, "the kept replica is the config's endpoint")
        #expect(config.apply(to: found).first?.replicas.map(\.name) == ["gpu-b"], "not told: only what was found")
        #expect(config.apply(to: [], unanswered: ["http://10.0.0.1:8080"]).isEmpty, "no listed server offers it: no member")
    }
}
