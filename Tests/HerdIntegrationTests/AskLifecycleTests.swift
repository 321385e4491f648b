import Foundation
import HerdCore
import HerdTestSupport
import Testing

/// `herd ask` ends cleanly however its stream ends: SwiftNIO prints "Cannot schedule tasks on an
/// EventLoop that has already shut down" when something outlives its event loop (a crash in later
/// SwiftNIO versions), and that must never reach the user's terminal.
@Suite struct AskLifecycleTests {
    enum Ending: String, CaseIterable, Sendable {
        case complete, dropped, stalled
    }

    static let cases: [(FixtureServer.Flavor, Ending)] = [FixtureServer.Flavor.openAI, .ollama].flatMap { f in
        Ending.allCases.map { (f, $0) }
    }

    @Test(arguments: cases) func askLeavesNoEventLoopWarning(flavor: FixtureServer.Flavor, ending: Ending) async throws {
        try await LlamaServer.alone {
            try await FixtureServer.with(flavor) { f in
                let tokens = ["one", " two", " three"]
                switch ending {
                case .complete: f.setReply(.tokens(tokens), for: "alpha")
                case .dropped: f.setReply(FixtureReply.tokens(tokens).droppingAfter(2), for: "alpha")
                case .stalled: f.setReply(FixtureReply.tokens(tokens).stallingAfter(2), for: "alpha")
                }
                let prefix = flavor == .ollama ? "ollama+" : "openai+"
                let run = try await HerdRun.run(["ask", "--model", "alpha", "--server", prefix + f.baseURL, "--timeout", "0.5", "hi"])
                #expect(!run.stderr.contains("Cannot schedule tasks"), "\(run.stderr)")
                #expect(!run.stderr.contains("EventLoop"), "\(run.stderr)")
                switch ending {
                case .complete:
                    #expect(run.status == .exited(0), "\(run.stderr)")
                    #expect(run.stdout == "one two three\n")
                case .dropped, .stalled:
                    // What arrived is printed, and the failure is said.
                    #expect(run.status == .exited(1), "\(run.stderr)")
                    #expect(run.stdout == "one two\n")
                    #expect(run.stderr.contains(ending == .stalled ? "0.5 s" : "127.0.0.1:\(f.port)"), "\(run.stderr)")
                }
            }
        }
    }
}
