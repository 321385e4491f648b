import Foundation
import HerdBackends
import HerdCore
import HerdRouter
import HerdSession
import HerdTestSupport
import HerdTUI
import Synchronization
import Testing

/// Health from real traffic and from the probes of a long-running session, against fixture servers,
/// on a clock the test can move forward (real time plus an offset: waits of 30 s cost nothing).
@Suite struct ReplicaWatchTests {
    final class OffsetClock: Sendable {
        let offset = Mutex(0.0)
        var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 + offset.withLock { $0 } }
        func advance(_ s: Double) { offset.withLock { $0 += s } }
    }

    /// The standard policy with the slowness floor lowered from 1 s to 0.3 s.
    static let policy = HealthPolicy(slowFloor: 0.3)
    /// The slow replica's wait before its first token: well over three times what the quick one takes
    /// even on a machine loaded by every suite (a 0.6 s wait failed there, with the quick replica
    /// over 0.2 s).
    static let slowDelay = 1.5

    static func path(_ servers: [FixtureServer], clock: OffsetClock) async throws -> ReplyPath {
        let discovery = try await HerdRuntime.discover(cliServers: servers.map(\.baseURL), configServers: [], streamTimeout: 5)
        let runtime = HerdRuntime(discovery: discovery, fleet: Fleet(discovery: discovery, policy: policy, clock: { clock.now }))
        return ReplyPath(runtime: runtime, members: runtime.members, router: Router(model: nil))
    }

    static func ask(_ path: ReplyPath, times: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<times {
                group.addTask {
                    let request = ChatRequest(model: "x", messages: [ChatMessage(role: .user, content: "hi")])
                    try await path.stream(request, from: "alpha") { _ in }
                }
            }
            try await group.waitForAll()
        }
    }

    static func chats(_ f: FixtureServer) -> Int { f.requests.filter { $0.path.hasSuffix("/chat/completions") }.count }
    static func others(_ f: FixtureServer) -> [String] { f.requests.filter { !$0.path.hasSuffix("/chat/completions") }.map(\.path) }

    @Test func aReplicaSlowToStartIsDegradedByRealTrafficAndTriedAgainAfterAnIdleProbe() async throws {
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                a.setReply(.tokens(["quick"]), for: "alpha")
                b.setReply(.tokens(["slow"], delay: Self.slowDelay), for: "alpha")
                let clock = OffsetClock()
                let path = try await Self.path([a, b], clock: clock)
                let member = try #require(path.members.first { $0.name == "alpha" })
                let fleet = path.runtime.fleet
                // Two at a time: the second request goes to the replica with none in flight, so both are measured.
                for round in 1...3 {
                    try await Self.ask(path, times: 2)
                    #expect(Self.chats(b) == round)
                    #expect(fleet.snapshot[b.baseURL].slow == (round == 3), "judged on the median of three first tokens")
                }
                let h = fleet.snapshot[b.baseURL]
                #expect(h.state == .degraded)
                // At least the fixture's wait; more on a busy machine.
                #expect(h.lastError?.hasPrefix("slow: ") == true && h.lastError?.contains(" s to the first token (median of 3), ") == true,
                        "\(h.lastError ?? "-")")
                #expect((h.recentMedian("alpha", policy: Self.policy) ?? 0) >= Self.slowDelay)
                #expect(path.runtime.replicasUp(member) == 1, "the panel's 1/2 up")
                try await Self.ask(path, times: 2)
                #expect(Self.chats(a) == 5 && Self.chats(b) == 3, "both requests to the replica that is up, busy or not")

                // A long-running session's idle probe: the model list, not a generation.
                let before = Self.others(b)
                clock.advance(HealthPolicy.standard.idleProbeInterval)
                let probed = await fleet.probeIdleAndWait()
                #expect(Set(probed) == [a.baseURL, b.baseURL])
                #expect(Self.others(b) == before + ["/v1/models"])
                #expect(Self.chats(b) == 3)
                #expect(fleet.snapshot[b.baseURL].state == .up, "a fresh trial")
                #expect(path.runtime.replicasUp(member) == 2)
                #expect(await fleet.probeIdleAndWait() == [], "heard from just now")
            }
        }
    }

    @Test func aOneShotPathNeverProbesIdleReplicas() async throws {
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                let clock = OffsetClock()
                let path = try await Self.path([a, b], clock: clock)
                let before = (Self.others(a), Self.others(b))
                try await Self.ask(path, times: 1)
                clock.advance(120)
                try await Self.ask(path, times: 1)
                #expect(Self.others(a) == before.0 && Self.others(b) == before.1, "what herd ask does: requests and nothing else")
            }
        }
    }

    @Test func theChatsProbesTellThePanelWhenAnIdleReplicaDies() async throws {
        try await FixtureServer.with(.openAI) { a in
            let b = try await FixtureServer.start(.openAI)
            let clock = OffsetClock()
            let path: ReplyPath
            do { path = try await Self.path([a, b], clock: clock) } catch { await b.stop(); throw error }
            let queue = EventQueue()
            let runner = EffectRunner(queue: queue, router: path.router, routerPath: nil, store: nil, saver: nil)
            runner.use(path.runtime, members: path.members)
            defer { runner.shutdown() }
            let events = EventWaiter(queue)
            // The first look starts each replica's idle wait; then b dies and the half minute passes.
            try await Task.sleep(nanoseconds: UInt64(EffectRunner.probeTick * 1.5e9))
            await b.stop()
            clock.advance(HealthPolicy.standard.idleProbeInterval)
            let told = await events.wait(timeout: 10) { evs in
                evs.contains { if case let .replicas(up, unreachable) = $0 { return up["alpha"] == 1 && unreachable.isEmpty } else { return false } }
            }
            #expect(told, "\(events.events)")
            #expect(path.runtime.fleet.snapshot[b.baseURL].state == .down)
            #expect(Self.others(a).filter { $0 == "/v1/models" }.count >= 1, "a was probed too (its list, nothing more)")
        }
    }
}
