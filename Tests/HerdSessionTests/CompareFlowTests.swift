import Foundation
import HerdCore
import HerdRouter
import HerdSession
import HerdStore
import HerdTestSupport
import HerdTUI
import Testing

/// Compare mode end to end: the app's effects performed by the runner against two scripted
/// members on the fixture server, the events fed back into `App.update`, as the terminal loop does.
@Suite struct CompareFlowTests {
    /// Performs `effects` and feeds every event back until `done` holds or 10 s pass.
    static func pump(_ state: inout AppState, _ effects: [Effect], runner: EffectRunner, queue: EventQueue,
                     until done: (AppState) -> Bool) async -> Bool {
        effects.forEach(runner.perform)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            for e in queue.drain() { App.update(&state, e).forEach(runner.perform) }
            if done(state) { return true }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return done(state)
    }

    @Test func twoScriptedMembersAnswerSideBySideAndThePickIsStoredAndMovesTheRouter() async throws {
        try await FixtureServer.with(.ollama) { f in try await Self.sideBySide(f) }
    }

    static func sideBySide(_ f: FixtureServer) async throws {
        f.setReply(.tokens(["Paris", " is the capital", " of France."], delay: 0.02), for: "alpha")
        f.setReply(.tokens(["The capital", " is Paris."], delay: 0.02), for: "beta")
        let router = Router(model: nil)
        let rig = try await RunnerRig(f, router: router)
        let (store, queue, saver, runner, path) = (rig.store, rig.queue, rig.saver, rig.runner, rig.path)
        var s = AppState(members: path.members.map { MemberStatus(member: $0) }, lambda: 0.3, cols: 100, rows: 24)
        let prompt = "What is the capital of France?"
        let before = try #require(router.decide(prompt: prompt, members: path.members, lambda: 0.3).score(of: "beta")?.confidence)

        var effects: [Effect] = []
        for k in [Key.alt("c")] + prompt.map { Key.char($0) } + [.enter] { effects += App.update(&s, .key(k)) }
        #expect(await pump(&s, effects, runner: runner, queue: queue) { $0.compare?.columns.count == 2 && $0.compare?.isStreaming == false })
        let round = try #require(s.compare)
        #expect(Set(round.columns.map(\.member)) == ["alpha", "beta"])
        // Both asked at once: the fixture saw two chat requests, and both answers are on one screen, side by side.
        #expect(f.requests.filter { $0.path.hasSuffix("/chat") || $0.path.hasSuffix("/completions") }.count == 2)
        let screen = ScreenView.render(s).text
        let row = try #require(screen.split(separator: "\n").first { $0.contains("Paris is the") })
        #expect(row.contains("The capital is Paris."), "\(screen)")

        // Pick beta (the smaller member, ranked below alpha by the size prior).
        let betaColumn = try #require(round.columns.firstIndex { $0.member == "beta" })
        let picked = App.update(&s, .key(.char(Character(String(betaColumn + 1)))))
        #expect(await pump(&s, picked, runner: runner, queue: queue) { _ in true })
        saver.flush()
        let prefs = try store.preferences()
        #expect(prefs.count == 1)
        #expect(prefs.first?.winner == "beta" && prefs.first?.losers == ["alpha"] && prefs.first?.prompt == prompt)
        let stored = try #require(try store.conversation(id: s.conversation.id))
        let answers = stored.messages.filter { $0.role == .assistant }
        #expect(answers.count == 2 && answers.allSatisfy { $0.status == .complete && $0.group?.kind == .compare })
        #expect(answers.first { $0.group?.chosen == true }?.member == "beta")
        #expect(answers.first { $0.member == "alpha" }?.text == "Paris is the capital of France.")
        #expect(stored.chatHistory.map(\.content) == [prompt, "The capital is Paris."])
        // The export says which column each answer was and which was picked.
        let md = ConversationExporter.markdown(stored)
        #expect(md.contains("Paris is the capital of France.") && md.contains(", picked") && md.contains("compare column 2"), "\(md)")
        // The router learned beta ≻ alpha: beta's confidence for this prompt rose, alpha's fell.
        let after = router.decide(prompt: prompt, members: path.members, lambda: 0.3)
        #expect(try #require(after.score(of: "beta")?.confidence) > before)
        runner.shutdown()
    }

    /// At most the server's slots run at once; the rest wait their turn, and a cancelled wait ends.
    @Test func slotGateAdmitsUpToTheLimit() async throws {
        let gate = SlotGate()
        try await gate.acquire("s", limit: { 2 })
        try await gate.acquire("s", limit: { 99 })  // the limit is learned once
        #expect(gate.holders("s") == 2)
        let third = Task { try await gate.acquire("s", limit: { 2 }); return true }
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(gate.holders("s") == 2)
        gate.release("s")
        #expect(try await third.value)
        #expect(gate.holders("s") == 2)
        let waiting = Task { try await gate.acquire("s", limit: { 2 }) }
        try await Task.sleep(nanoseconds: 20_000_000)
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        gate.release("s")
        gate.release("s")
        #expect(gate.holders("s") == 0)
    }
}
