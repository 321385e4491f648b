#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HerdBackends
import HerdCore
import HerdRouter
import HerdSession
import HerdTestSupport
import Synchronization
import Testing

/// Two real llama-server replicas of the real models (`herd-up --real`): one is killed with -9 or
/// stopped with SIGSTOP in the middle of a reply, and the reply completes from the other.
@Suite(.serialized) struct RealReplicaTests {
    static let model = "smollm2-135m"

    static func path(_ servers: [LlamaServer], streamTimeout: Double = 30, policy: HealthPolicy = .standard,
                     probeTimeout: Double = 3) async throws -> ReplyPath {
        let discovery = try await HerdRuntime.discover(cliServers: servers.map(\.baseURL), configServers: [], timeout: 5,
                                                       streamTimeout: streamTimeout)
        let runtime = HerdRuntime(discovery: discovery, fleet: Fleet(discovery: discovery, policy: policy, probeTimeout: probeTimeout))
        return ReplyPath(runtime: runtime, members: runtime.members, router: Router(model: nil))
    }

    static func request(maxTokens: Int = 64) -> ChatRequest {
        ChatRequest(model: model, messages: [ChatMessage(role: .user, content: "Write a short story about a lighthouse keeper and a cat.")],
                    maxTokens: maxTokens, temperature: 0)
    }

    /// Tokens with the time each arrived, failover steps, and whether the stream ended with `.done`.
    final class Recording: Sendable {
        let state = Mutex((tokens: [(String, Double)](), steps: [FailoverStep](), done: false, stepTimes: [Double]()))
        var stepTimes: [Double] { state.withLock { $0.stepTimes } }
        var text: String { state.withLock { $0.tokens.map(\.0).joined() } }
        var count: Int { state.withLock { $0.tokens.count } }
        var steps: [FailoverStep] { state.withLock { $0.steps } }
        var done: Bool { state.withLock { $0.done } }
        var times: [Double] { state.withLock { $0.tokens.map(\.1) } }
    }

    /// Streams `request()` from the member, calling `at(n)` after the `n`-th token.
    static func stream(_ path: ReplyPath, maxTokens: Int = 64, at: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> Recording {
        let r = Recording()
        do {
            try await stream(path, maxTokens: maxTokens, into: r, at: at)
        } catch {
            throw HerdError.other("\(error) after \(r.count) tokens; steps: \(r.steps.map(\.text))")
        }
        return r
    }

    static func stream(_ path: ReplyPath, maxTokens: Int, into r: Recording, at: @escaping @Sendable (Int) -> Void) async throws {
        try await path.stream(request(maxTokens: maxTokens), from: model, onStep: { s in
            r.state.withLock {
                $0.steps.append(s)
                $0.stepTimes.append(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
            }
        }) { event in
            switch event {
            case let .token(t):
                let n = r.state.withLock { s in
                    s.tokens.append((t, Double(DispatchTime.now().uptimeNanoseconds) / 1e9))
                    return s.tokens.count
                }
                at(n)
            case .done:
                r.state.withLock { $0.done = true }
            }
        }
    }

    /// One short request on each replica at once (through a path of its own with a long timeout),
    /// so that both have the model loaded before a test measures or times out on one.
    static func warmUp(_ servers: [LlamaServer]) async throws {
        let path = try await Self.path(servers, streamTimeout: 120)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in servers { group.addTask { _ = try await Self.stream(path, maxTokens: 2) } }
            try await group.waitForAll()
        }
        let health = path.runtime.fleet.snapshot
        for s in servers { try #require(health[s.baseURL].served == 1, "warm-up did not reach \(s.baseURL)") }
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// The replica with a request in flight now.
    static func serving(_ path: ReplyPath, _ servers: [LlamaServer]) -> LlamaServer? {
        let health = path.runtime.fleet.snapshot
        return servers.first { health[$0.baseURL].inFlight > 0 }
    }

    @Test func killNineOfTheServingReplicaMidReplyAndTheReplyCompletesFromTheOther() async throws {
        try await LlamaServer.several(2, real: true) { servers in
            try await Self.warmUp(servers)
            let path = try await Self.path(servers)
            let member = try #require(path.members.first { $0.name == Self.model })
            #expect(member.replicas.count == 2, "the same model on two servers is one member")
            let killed = Mutex<(LlamaServer, Double)?>(nil)
            let killAt = 12
            let r = try await Self.stream(path) { n in
                guard n == killAt, let victim = Self.serving(path, servers), let pid = victim.pid else { return }
                kill(pid, SIGKILL)
                killed.withLock { $0 = (victim, Double(DispatchTime.now().uptimeNanoseconds) / 1e9) }
            }
            let (victim, killTime) = try #require(killed.withLock { $0 }, "no replica was serving at token \(killAt)")
            #expect(r.done, "the reply ended normally")
            #expect(r.steps.count == 1, "\(r.steps)")
            let step = try #require(r.steps.first)
            #expect(step.continued, "llama-server continues the partial answer: \(step.text)")
            #expect(step.tokensBefore >= killAt)
            #expect(r.count > step.tokensBefore, "the other replica added to the answer")
            #expect(r.count <= 64, "max_tokens holds for the whole answer: \(r.count)")
            #expect(!r.text.isEmpty)
            let down = try await Self.eventually(5) { path.runtime.fleet.snapshot[victim.baseURL].state == .down }
            #expect(down, "the probe after the broken stream found it dead")
            // The gap the user saw: from the kill to the first token after it.
            let after = r.times.filter { $0 > killTime }
            if let first = after.first, let noticed = r.stepTimes.first {
                print("replica death mid-stream: kill -9 at token \(killAt) (\(step.tokensBefore) tokens before the failure), "
                      + String(format: "failure seen %.0f ms after the kill, first token from the other replica %.0f ms after the kill; ",
                               (noticed - killTime) * 1000, (first - killTime) * 1000)
                      + "\(r.count) tokens in all")
            }
            // The dead replica is skipped from now on: no second attempt, no failover step.
            let again = try await Self.stream(path)
            #expect(again.steps.isEmpty)
            #expect(again.done)
            #expect(path.runtime.fleet.snapshot[victim.baseURL].requests == 1, "only the killed request")
        }
    }

    @Test func aStoppedReplicaTimesOutIsTakenOutAndComesBackAfterSIGCONT() async throws {
        try await LlamaServer.several(2, real: true) { servers in
            let policy = HealthPolicy(failuresToOpen: 2, initialBackoff: 0.5, maxBackoff: 4)
            try await Self.warmUp(servers)
            let path = try await Self.path(servers, streamTimeout: 8, policy: policy, probeTimeout: 1)
            let stopped = Mutex<LlamaServer?>(nil)
            defer { if let s = stopped.withLock({ $0 }), let pid = s.pid { kill(pid, SIGCONT) } }
            let r = try await Self.stream(path) { n in
                guard n == 8, let victim = Self.serving(path, servers), let pid = victim.pid else { return }
                kill(pid, SIGSTOP)
                stopped.withLock { $0 = victim }
            }
            let victim = try #require(stopped.withLock { $0 })
            #expect(r.done)
            #expect(r.steps.count == 1)
            #expect(r.steps.first?.cause.contains("stream timeout") == true, "\(r.steps)")
            #expect(path.runtime.fleet.snapshot[victim.baseURL].state == .down, "the circuit opened")
            #expect(path.runtime.fleet.upCount(of: path.members.first { $0.name == Self.model }!) == (1, 2))
            // Skipped while down: the next reply does not wait for the stream timeout.
            let again = try await Self.stream(path)
            #expect(again.steps.isEmpty && again.done)
            #expect(path.runtime.fleet.snapshot[victim.baseURL].requests == 1, "only the stalled request")
            // Still stopped: the probe after the back-off gets no answer.
            try await Task.sleep(for: .seconds(0.6))
            await path.runtime.fleet.probeDueAndWait()
            #expect(path.runtime.fleet.snapshot[victim.baseURL].state == .down)
            // Back: the next probe closes the circuit.
            kill(victim.pid!, SIGCONT)
            var up = false
            for _ in 0..<20 where !up {
                try await Task.sleep(for: .seconds(0.5))
                await path.runtime.fleet.probeDueAndWait()
                up = path.runtime.fleet.snapshot[victim.baseURL].state == .up
            }
            #expect(up, "the replica came back after SIGCONT: \(path.runtime.fleet.snapshot[victim.baseURL])")
        }
    }
}
