import Foundation
import HerdCore
@testable import HerdConfig
import Testing

/// `weak_logprob` on a `[[members]]` entry: the cascade's log-probability threshold for that member.
@Suite struct WeakLogprobConfigTests {
    @Test func aMembersThresholdLoadsAppliesAndIsWrittenBack() throws {
        let text = """
            [[members]]
            name = "smol"
            model = "smollm2-135m"
            weak_logprob = -3.5

            [[members]]
            name = "plain"
            """
        let (config, problems) = ConfigLoader.parse(text: text, path: "config.toml")
        #expect(problems == [])
        #expect(config.members.map(\.weakLogprob) == [-3.5, nil])
        let e = ServerEndpoint(baseURL: "http://127.0.0.1:8080")
        let applied = config.apply(to: [Member(name: "smollm2-135m", endpoint: e), Member(name: "plain", endpoint: e)])
        #expect(applied.map(\.weakLogprob) == [-3.5, nil])
        #expect(WeakAnswer.logprobThreshold(of: applied[0]) == -3.5)
        #expect(WeakAnswer.logprobThreshold(of: applied[1]) == WeakAnswer.defaultLogprobThreshold)
        #expect(WeakAnswer.logprobThreshold(of: nil) == WeakAnswer.defaultLogprobThreshold)

        // `config init` keeps it, and reads back to the same member.
        let written = ConfigWriter.render(servers: [], members: applied, unreachable: [])
        #expect(written.contains("weak_logprob = -3.5\n"), "\(written)")
        let (again, againProblems) = ConfigLoader.parse(text: written, path: "init.toml")
        #expect(againProblems == [])
        #expect(again.members.first { $0.name == "smol" }?.weakLogprob == -3.5)
    }

    @Test(arguments: ["0", "0.5", "\"low\"", "nan"])
    func aThresholdThatIsNotBelowZeroIsAnErrorOnItsLine(value: String) {
        let text = "[[members]]\nname = \"smol\"\nweak_logprob = \(value)\n"
        let (config, problems) = ConfigLoader.parse(text: text, path: "config.toml")
        let messages = problems.map { "\($0.line ?? 0): \($0.message)" }
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.hasPrefix("3: ") == true, "\(messages)")
        #expect(messages.first?.contains("weak_logprob") == true, "\(messages)")
        // A member whose threshold is out of range is left out, as with a bad size; the wrong type is ignored
        // with its error, as for any key.
        #expect(config.members.isEmpty == !value.hasPrefix("\""))
    }
}
