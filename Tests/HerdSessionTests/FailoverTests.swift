import Foundation
import HerdBackends
import HerdCore
import HerdRouter
import HerdSession
import HerdTestSupport
import Synchronization
import Testing

/// Members served by two fixture servers: the choice of replica and failover, before and after the
/// first token, as `herd ask` and the TUI take them through `ReplyPath`.
@Suite struct FailoverTests {
    /// A clock the test moves.
    final class TestClock: Sendable {
        let t = Mutex(1000.0)
        var now: Double { t.withLock { $0 } }
        func advance(_ s: Double) { t.withLock { $0 += s } }
    }

    static func path(_ servers: [FixtureServer], streamTimeout: Double = 5, clock: TestClock? = nil) async throws -> ReplyPath {
        let discovery = try await HerdRuntime.discover(cliServers: servers.map(\.baseURL), configServers: [], streamTimeout: streamTimeout)
        let fleet = clock.map { c in Fleet(discovery: discovery, policy: HealthPolicy(failuresToOpen: 2, initialBackoff: 1, maxBackoff: 8),
                                           clock: { c.now }) }
        let runtime = HerdRuntime(discovery: discovery, fleet: fleet)
        return ReplyPath(runtime: runtime, members: runtime.members, router: Router(model: nil))
    }

    static func request(_ text: String = "hi") -> ChatRequest {
        ChatRequest(model: "x", messages: [ChatMessage(role: .user, content: text)])
    }

    /// Runs one request, returning its text, its failover steps and whether `.done` came.
    static func ask(_ path: ReplyPath, _ member: String = "alpha") async throws -> (text: String, steps: [FailoverStep], done: Bool) {
        let got = Collected()
        let steps = Mutex<[FailoverStep]>([])
        try await path.stream(request(), from: member, onStep: { s in steps.withLock { $0.append(s) } }) { got.add($0) }
        return (got.text, steps.withLock { $0 }, got.done)
    }

    /// Sends `tokens`, waits for them to be read, then closes the connection mid-reply (a dropped
    /// connection can lose the bytes just before it, which is not what these tests are about).
    static func dying(after tokens: [String]) -> FixtureReply {
        FixtureReply(steps: tokens.map { .token($0) } + [.delay(0.3), .drop])
    }

    /// Two OpenAI-compatible replicas of `alpha`: `a` dies after "one two"; `b` answers "one two three four",
    /// repeating the prefix at the start of its first delta, as llama-server does when it continues an answer.
    static func withReplicaDyingMidway(_ body: (FixtureServer, FixtureServer, ReplyPath) async throws -> Void) async throws {
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                a.setReply(dying(after: ["one", " two"]), for: "alpha")
                b.setReply(.tokens(["one two three", " four"]), for: "alpha")
                try await body(a, b, try await path([a, b]))
            }
        }
    }

    static func chatRequests(_ f: FixtureServer) -> [FixtureRequest] {
        f.requests.filter { $0.path.hasSuffix("/chat/completions") || $0.path == "/api/chat" }
    }

    @Test func aModelOnTwoServersIsOneMemberWithTwoReplicas() async throws {
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                let path = try await Self.path([a, b])
                #expect(path.members.map(\.name) == ["alpha", "beta"])
                #expect(path.members[0].replicas.map(\.baseURL) == [a.baseURL, b.baseURL])
                #expect(path.runtime.fleet.upCount(of: path.members[0]) == (2, 2))
            }
        }
    }

    @Test func aFailureBeforeTheFirstTokenGoesToTheOtherReplicaAndTheNextRequestSkipsIt() async throws {
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                a.setReply(.error(status: 503, body: "{\"error\":{\"message\":\"overloaded\"}}"), for: "alpha")
                b.setReply(.tokens(["from", " b"]), for: "alpha")
                let path = try await Self.path([a, b])
                let first = try await Self.ask(path)
                #expect(first.text == "from b", "nothing of the failed attempt reaches the reply")
                #expect(first.done)
                #expect(first.steps.count == 1)
                #expect(first.steps.first?.tokensBefore == 0)
                #expect(first.steps.first?.to == "127.0.0.1:\(b.port)")
                #expect(path.runtime.fleet.snapshot[a.baseURL].state == .degraded)
                let second = try await Self.ask(path)
                #expect(second.text == "from b")
                #expect(second.steps.isEmpty)
                #expect(Self.chatRequests(a).count == 1, "the degraded replica is not asked while the other is up")
                #expect(Self.chatRequests(b).count == 2)
            }
        }
    }

    @Test func aStreamThatDiesMidwayContinuesOnTheOtherReplicaWithThePartialAnswerAsPrefix() async throws {
        try await Self.withReplicaDyingMidway { a, b, path in
            let got = Collected()
            let steps = Mutex<[FailoverStep]>([])
            var request = Self.request()
            request.maxTokens = 10
            try await path.stream(request, from: "alpha", onStep: { s in steps.withLock { $0.append(s) } }) { got.add($0) }
            let r = (text: got.text, steps: steps.withLock { $0 }, done: got.done)
            #expect(r.text == "one two three four", "the answer is complete and nothing is repeated")
            #expect(r.done)
            #expect(r.steps.count == 1)
            #expect(r.steps.first?.tokensBefore == 2)
            #expect(r.steps.first?.continued == true)
            // The partial answer went to the second replica as the final assistant message.
            let body = try #require(Self.chatRequests(b).last?.body)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            let messages = try #require(json["messages"] as? [[String: Any]])
            #expect(messages.last?["role"] as? String == "assistant")
            #expect(messages.last?["content"] as? String == "one two")
            #expect(json["max_tokens"] as? Int == 8, "10 tokens at most in all, 2 already sent")
            // vLLM continues the final assistant message only when told; llama-server either way.
            #expect(json["continue_final_message"] as? Bool == true)
            #expect(json["add_generation_prompt"] as? Bool == false)
            let asked = try #require(Self.chatRequests(a).first?.body)
            #expect(!asked.contains("continue_final_message") && !asked.contains("add_generation_prompt"), "a fresh request asks for neither")
        }
    }

    @Test func overOllamaTheAnswerStartsOverAfterABlankLineAndSaysSo() async throws {
        try await FixtureServer.with(.ollama) { a in
            try await FixtureServer.with(.ollama) { b in
                a.setReply(Self.dying(after: ["one", " two"]), for: "alpha")
                b.setReply(.tokens(["one", " two", " three"]), for: "alpha")
                let path = try await Self.path([a, b])
                #expect(path.members.first?.replicas.count == 2, "same name and digest/size: one member")
                let r = try await Self.ask(path)
                #expect(r.text == "one two\n\none two three", "the partial text stays; the new answer follows it")
                #expect(r.steps.first?.continued == false)
                #expect(r.steps.first?.text.contains("started the answer over") == true)
            }
        }
    }

    @Test func aStalledReplicaTimesOutAndTheAnswerContinuesElsewhere() async throws {
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                a.setReply(FixtureReply.tokens(["one", " two", " three"]).stallingAfter(1), for: "alpha")
                b.setReply(.tokens([" two", " three"]), for: "alpha")
                let path = try await Self.path([a, b], streamTimeout: 0.5)
                let r = try await Self.ask(path)
                #expect(r.text == "one two three")
                #expect(r.steps.first?.cause.contains("stream timeout") == true, "\(r.steps)")
                #expect(path.runtime.fleet.snapshot[a.baseURL].state == .down, "a hung replica is out until a probe")
            }
        }
    }

    @Test func aDeadReplicaIsSkippedAfterItsFirstFailureAndProbedBackAfterItsBackoff() async throws {
        let clock = TestClock()
        let a = try await FixtureServer.start(.openAI)
        try await FixtureServer.with(.openAI) { b in
            b.setReply(.tokens(["from", " b"]), for: "alpha")
            let path = try await Self.path([a, b], clock: clock)
            let aURL = a.baseURL
            await a.stop()
            let first = try await Self.ask(path)
            #expect(first.text == "from b")
            #expect(path.runtime.fleet.snapshot[aURL].state == .down, "a refused connection opens the circuit at once")
            #expect(path.runtime.fleet.upCount(of: path.members[0]) == (1, 2))
            _ = try await Self.ask(path)
            #expect(path.runtime.fleet.snapshot[aURL].requests == 1, "no second attempt on the dead replica")
            // After the back-off the probe finds it still dead: it waits twice as long.
            clock.advance(1)
            await path.runtime.fleet.probeDueAndWait()
            #expect(path.runtime.fleet.snapshot[aURL].state == .down)
            #expect(path.runtime.fleet.snapshot[aURL].retryAt == clock.now + 2)
        }
    }

    @Test func theCircuitClosesWhenTheReplicaAnswersAProbe() async throws {
        let clock = TestClock()
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                a.setReply(.error(status: 500, body: "{\"error\":{\"message\":\"crashed\"}}"), for: "alpha")
                let path = try await Self.path([a, b], clock: clock)
                let alpha = path.members[0]
                // Two failures of a: only a is tried first when b is busy; make b look busy by excluding it.
                for _ in 0..<2 {
                    path.runtime.fleet.record { $0.started(a.baseURL) }
                    path.runtime.fleet.record { $0.failed(a.baseURL, .broken("crashed"), now: clock.now) }
                }
                #expect(path.runtime.fleet.snapshot[a.baseURL].state == .down)
                #expect(path.runtime.fleet.pick(alpha) == b.baseURL)
                a.setReply(.tokens(["back"]), for: "alpha")
                clock.advance(0.5)
                await path.runtime.fleet.probeDueAndWait()
                #expect(path.runtime.fleet.snapshot[a.baseURL].state == .down, "not probed before its back-off")
                clock.advance(0.5)
                await path.runtime.fleet.probeDueAndWait()
                #expect(path.runtime.fleet.snapshot[a.baseURL].state == .up, "the probe answered: the circuit closes")
                #expect(path.runtime.fleet.upCount(of: alpha) == (2, 2))
            }
        }
    }

    @Test func requestsAtTheSameTimeSpreadOverTheReplicas() async throws {
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                for f in [a, b] { f.setReply(.tokens(["slow", " reply"], delay: 0.3), for: "alpha") }
                let path = try await Self.path([a, b])
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<4 { group.addTask { _ = try await Self.ask(path) } }
                    try await group.waitForAll()
                }
                #expect(Self.chatRequests(a).count == 2)
                #expect(Self.chatRequests(b).count == 2)
            }
        }
    }

    @Test func theRouterWeighsMeasuredLatencyAsSoonAsAMemberHasOne() async throws {
        try await FixtureServer.with(.openAI) { a in
            let path = try await Self.path([a])
            #expect(path.measuredCosts == nil, "nothing measured yet: costs by size")
            _ = try await Self.ask(path, "alpha")
            #expect(path.measuredCosts.map { Set($0.keys) } == ["alpha"], "beta not measured yet: the router estimates it (CostEstimate)")
            _ = try await Self.ask(path, "beta")
            let costs = try #require(path.measuredCosts)
            #expect(Set(costs.keys) == ["alpha", "beta"])
            #expect(costs.values.allSatisfy { $0 > 0 })
        }
    }

    @Test func whenEveryReplicaFailsTheLastErrorEndsTheStream() async throws {
        try await FixtureServer.with(.openAI) { a in
            try await FixtureServer.with(.openAI) { b in
                a.setReply(Self.dying(after: ["from a"]), for: "alpha")
                b.setReply(Self.dying(after: [", from b"]), for: "alpha")
                let path = try await Self.path([a, b])
                let got = Collected()
                let steps = Mutex<[FailoverStep]>([])
                await #expect(throws: HerdError.self) {
                    try await path.stream(Self.request(), from: "alpha", onStep: { s in steps.withLock { $0.append(s) } }) { got.add($0) }
                }
                #expect(got.text == "from a, from b", "every token that arrived was handed on")
                #expect(steps.withLock { $0.map(\.to) } == ["127.0.0.1:\(b.port)", nil])
            }
        }
    }

    @Test func aServersOwnTimeoutWinsOverTheGlobalStreamTimeout() async throws {
        try await FixtureServer.with(.openAI) { f in
            f.setReply(FixtureReply.tokens(["one", " two"]).stallingAfter(1), for: "alpha")
            let endpoint = ServerEndpoint(baseURL: f.baseURL, name: "remote", timeout: 0.5)
            let discovery = try await HerdRuntime.discover(cliServers: [], configServers: [endpoint], streamTimeout: 60)
            let runtime = HerdRuntime(discovery: discovery)
            let path = ReplyPath(runtime: runtime, members: runtime.members, router: Router(model: nil))
            await #expect(throws: HerdError.timeout(server: "remote", seconds: 0.5)) {
                try await path.stream(Self.request(), from: "alpha") { _ in }
            }
        }
    }
}
