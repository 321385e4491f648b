import Foundation
import HerdCore
@testable import HerdConfig
import Testing

/// `servers = [...]` on a member and `timeout =` on a server: read, checked with their lines, applied.
@Suite struct ReplicaConfigTests {
    static let servers = """
        [[servers]]
        name = "gpu-a"
        url = "http://10.0.0.1:8080"
        timeout = 120

        [[servers]]
        name = "gpu-b"
        url = "http://10.0.0.2:8080"

        [[servers]]
        name = "gpu-c"
        url = "http://10.0.0.3:8080"

        """

    @Test func serversListAndTimeoutAreRead() throws {
        let text = Self.servers + """
            [[members]]
            name = "llama"
            model = "llama3.1:8b"
            servers = ["gpu-b", "gpu-a"]
            """
        let (config, problems) = ConfigLoader.parse(text: text, path: "config.toml")
        #expect(problems == [])
        #expect(config.members.first?.servers == ["gpu-b", "gpu-a"])
        #expect(config.servers[0].timeout == 120)
        #expect(config.endpoints[0].timeout == 120)
        #expect(config.endpoints[1].timeout == nil)
    }

    @Test func badServersListsAreReportedWithTheirLines() {
        let text = Self.servers + """
            [[members]]
            name = "one"
            servers = ["gpu-a", "gpu-x"]

            [[members]]
            name = "two"
            servers = []

            [[members]]
            name = "three"
            server = "gpu-a"
            servers = ["gpu-b"]

            [[members]]
            name = "four"
            servers = ["gpu-a", "gpu-a"]

            [[members]]
            name = "five"
            servers = "gpu-a"

            [[members]]
            name = "six"
            servers = ["gpu-a", 3]

            [[servers]]
            name = "slow"
            url = "http://10.0.0.9:1"
            timeout = -1
            """
        let got = lines(text)
        #expect(got.contains("15: no [[servers]] entry is named \"gpu-x\" (did you mean \"gpu-a\"?) (servers: \"gpu-a\", \"gpu-b\", \"gpu-c\", \"slow\")"), "\(got)")
        #expect(got.contains("19: servers is empty; list the [[servers]] names that serve this member, or leave it out"), "\(got)")
        #expect(got.contains("24: give either server = \"…\" (one server) or servers = [\"…\", …] (replicas), not both"), "\(got)")
        #expect(got.contains("28: servers lists \"gpu-a\" twice"), "\(got)")
        #expect(got.contains("32: members[4].servers must be an array of strings ([\"a\", \"b\"]), not a string"), "\(got)")
        #expect(got.contains("36: servers item 2 must be a string (in quotes), not an integer"), "\(got)")
        #expect(got.contains("41: timeout is seconds without a byte before a request to this server is given up and must be more than 0, not -1"), "\(got)")
        #expect(got.count == 7, "\(got)")
    }

    @Test func aServersListMakesOneMemberOfTheModelOnThoseServersInTheirOrder() throws {
        let text = Self.servers + """
            [[members]]
            name = "llama"
            model = "llama3.1:8b"
            servers = ["gpu-b", "gpu-a"]
            size = 8
            """
        let (config, problems) = ConfigLoader.parse(text: text, path: "config.toml")
        #expect(problems == [])
        let a = ServerEndpoint(baseURL: "http://10.0.0.1:8080", name: "gpu-a")
        let b = ServerEndpoint(baseURL: "http://10.0.0.2:8080", name: "gpu-b")
        let c = ServerEndpoint(baseURL: "http://10.0.0.3:8080", name: "gpu-c")
        // Discovery kept the copies apart (say the servers reported different quantizations),
        // and gpu-c has it too, unlisted.
        let found = [Member(name: "llama3.1:8b", endpoint: a),
                     Member(name: "llama3.1:8b@gpu-b", modelID: "llama3.1:8b", endpoint: b, replicas: [b, c]),
                     Member(name: "other", endpoint: b)]
        let applied = config.apply(to: found)
        #expect(applied.map(\.name) == ["llama", "llama3.1:8b@gpu-b", "other"])
        #expect(applied[0].replicas.map(\.name) == ["gpu-b", "gpu-a"], "the config's order")
        #expect(applied[0].endpoint.name == "gpu-b")
        #expect(applied[0].sizeB == 8)
        #expect(applied[1].replicas.map(\.name) == ["gpu-c"], "an unlisted server's copy stays a member of its own")
        #expect(applied[1].endpoint.name == "gpu-c")
        #expect(applied[2] == found[2])
    }
}

extension ReplicaConfigTests {
    @Test func configInitWritesAReplicatedMemberAsAServersListThatLoadsBackTheSame() {
        let a = ServerEndpoint(baseURL: "http://10.0.0.1:8080", proto: .openAI)
        let b = ServerEndpoint(baseURL: "http://10.0.0.2:8080", proto: .openAI)
        let members = [Member(name: "tiny-b", endpoint: a, sizeB: 0.6, replicas: [a, b]), Member(name: "solo", endpoint: b)]
        let text = ConfigWriter.render(servers: [a, b], members: members)
        let (config, problems) = ConfigLoader.parse(text: text, path: "init.toml")
        #expect(problems == [], "\(text)")
        let names = config.servers.map(\.name)
        #expect(config.members.first?.servers == names, "\(text)")
        #expect(config.members.first?.server == nil)
        #expect(config.members.last?.server == names[1])
        let applied = config.apply(to: members)
        #expect(applied.map(\.name) == ["tiny-b", "solo"])
        #expect(applied[0].replicas.map(\.baseURL) == [a.baseURL, b.baseURL])
    }
}
