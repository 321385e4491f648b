import Foundation
import HerdCore
import HerdRouter
import HerdSession
import HerdStore
import HerdTestSupport
import HerdTUI
import Testing

/// The TUI's effects performed for real: route, stream, save, against the fixture server and a store on disk.
@Suite struct EffectRunnerTests {
    @Test func routeStreamAndSaveAnswerWithEvents() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["one", " two", " three"]), for: "alpha")
            let rig = try await RunnerRig(f)
            let (store, queue, runner) = (rig.store, rig.queue, rig.runner)
            let events = EventWaiter(queue)

            runner.perform(.route(id: 1, prompt: "count", history: [], lambda: 0, pin: nil, mode: .auto, exclude: []))
            #expect(await events.wait { _ in events.decision != nil })
            let d = try #require(events.decision)
            #expect(d.chosen == "alpha")

            // The reply as the app saves it when the decision arrives, then the stream appends to it.
            let cid = UUID()
            let reply = Message(role: .assistant, text: "", member: "alpha", status: .streaming, decision: d)
            runner.perform(.save(conversation: cid, message: reply, position: 1))
            runner.perform(.stream(id: 1, member: d.chosen, request: ChatRequest(model: d.chosen, messages: [ChatMessage(role: .user, content: "count")]),
                                   saveAs: MessageRef(conversation: cid, position: 1, message: reply.id)))
            #expect(await events.wait { _ in events.ended || events.failure != nil })
            #expect(events.failure == nil)
            #expect(events.tokens == ["one", " two", " three"])
            // Within a frame of the last token, the store has every token, with no save from the app.
            try await Task.sleep(nanoseconds: 100_000_000)
            let streamed = try #require(try store.conversation(id: cid)?.messages.first)
            #expect(streamed.text == "one two three")
            #expect(streamed.status == .streaming)
            #expect(streamed.decision?.chosen == "alpha")

            var final = reply
            final.text = "one two three"
            final.status = .complete
            runner.perform(.save(conversation: cid, message: final, position: 1))
            runner.shutdown()
            #expect(try store.conversation(id: cid)?.messages.map(\.status) == [.complete])
        }
    }

    @Test func beforeDiscoveryARouteFailsWithAReason() async throws {
        let queue = EventQueue()
        let runner = EffectRunner(queue: queue, router: Router(model: nil), routerPath: nil, store: nil, saver: nil)
        let events = EventWaiter(queue)
        runner.perform(.route(id: 7, prompt: "hi", history: [], lambda: 0.3, pin: nil, mode: .auto, exclude: []))
        #expect(await events.wait { _ in events.failure != nil })
        #expect(events.failure == "no member to answer: no model server was found")
    }

    @Test func aStreamFromAnUnreachableMemberFails() async throws {
        try await FixtureServer.with(.openAI) { f in
            let queue = EventQueue()
            let runner = EffectRunner(queue: queue, router: Router(model: nil), routerPath: nil, store: nil, saver: nil)
            let path = try await ReplyPathTests.path(f)
            runner.use(path.runtime, members: path.members)
            let events = EventWaiter(queue)
            runner.perform(.stream(id: 2, member: "gamma", request: ChatRequest(model: "gamma", messages: []),
                                   saveAs: MessageRef(conversation: UUID(), position: 0, message: UUID())))
            #expect(await events.wait { _ in events.failure != nil })
            #expect(events.failure == "gamma is not reachable")
        }
    }

    @Test func themeLoadsThroughTheRunnerAndAnEvent() async throws {
        let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../themes").standardized.path
        let queue = EventQueue()
        let runner = EffectRunner(queue: queue, router: Router(model: nil), routerPath: nil, store: nil, saver: nil, themeDirs: [themes])
        let events = EventWaiter(queue)
        let name = try #require(ThemeLoader.available(in: [themes]).first { $0 != Theme.herdDark.name })
        runner.perform(.loadTheme(name))
        runner.perform(.loadTheme("no-such-theme"))
        #expect(await events.wait { $0.count >= 2 })
        var state = AppState()
        for e in events.events { _ = App.update(&state, e) }
        // The theme arrived as an event and App.update put it in the state; the unknown one is an error notice.
        #expect(state.theme.name != Theme.herdDark.name)
        #expect(state.notice?.severity == .error)
        #expect(state.notice?.text.contains("no-such-theme") == true)
    }
}
