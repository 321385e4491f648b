import Foundation
import HerdCore
import HerdRouter
import HerdSession
import HerdStore
import HerdTestSupport
import HerdTUI
import Testing

/// The cascade end to end against the fixture server: an empty first answer escalates, and both
/// answers are on screen and in the store.
@Suite struct CascadeFlowTests {
    @Test(arguments: [FixtureServer.Flavor.ollama, .openAI]) func anEmptyFirstReplyEscalatesAndKeepsBoth(flavor: FixtureServer.Flavor) async throws {
        try await FixtureServer.with(flavor) { f in try await Self.escalates(f) }
    }

    static func escalates(_ f: FixtureServer) async throws {
        f.setReply(.tokens([]), for: "beta")
        f.setReply(.tokens(["Paris", "."]), for: "alpha")
        let rig = try await RunnerRig(f)
        let (store, queue, saver, runner, path) = (rig.store, rig.queue, rig.saver, rig.runner, rig.path)
        var s = AppState(members: path.members.map { MemberStatus(member: $0) }, lambda: 0.3, cols: 100, rows: 24)
        // beta may answer first whatever its prior; alpha is the more confident one behind it.
        s.cascadeThresholds = ["beta": 0, "alpha": 1]
        var effects: [Effect] = []
        for k in "/cascade".map({ Key.char($0) }) + [.enter] + "Capital of France?".map({ Key.char($0) }) + [.enter] {
            effects += App.update(&s, .key(k))
        }
        #expect(await CompareFlowTests.pump(&s, effects, runner: runner, queue: queue) { $0.cascade == nil && $0.active == nil && $0.conversation.messages.count == 3 })
        saver.flush()
        let answers = s.conversation.messages.filter { $0.role == .assistant }
        #expect(answers.map(\.member) == ["beta", "alpha"])
        #expect(answers.map(\.text) == ["", "Paris."])
        #expect(answers[0].group?.note == "empty reply")
        let stored = try #require(try store.conversation(id: s.conversation.id)).messages.filter { $0.role == .assistant }
        #expect(stored.map(\.member) == ["beta", "alpha"])
        #expect(stored.map { $0.group?.chosen } == [false, true])
        #expect(stored.map { $0.group?.kind } == [.cascade, .cascade])
        #expect(stored[0].group?.note == "empty reply" && stored[0].status == .complete)
        runner.shutdown()
    }
}
