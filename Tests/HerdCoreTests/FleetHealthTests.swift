import HerdCore
import Testing

/// The replica health machine, driven directly with times given by the test.
@Suite struct FleetHealthTests {
    let a = "http://a:1", b = "http://b:1", c = "http://c:1"
    let m = "model"

    @Test func picksTheLeastBusyUpReplicaThenTheQuickestToStart() {
        var f = FleetHealth()
        #expect(f.pick([a, b, c], model: m) == a, "all equal and unmeasured: the first listed")
        f.started(a)
        #expect(f.pick([a, b, c], model: m) == b, "fewest in flight")
        f.started(b)
        f.started(c)
        f.firstToken(c, model: m, after: 0.05)
        f.firstToken(b, model: m, after: 0.20)
        #expect(f.pick([a, b, c], model: m) == c, "one each in flight: measured beats unmeasured, quicker beats slower")
        f.succeeded(c)
        #expect(f.pick([a, b, c], model: m) == c, "c is now idle")
        #expect(f[c].inFlight == 0 && f[c].served == 1 && f[c].requests == 1)
        #expect(f.pick([a, b, c], model: m, excluding: [c]) == a || f.pick([a, b, c], model: m, excluding: [c]) == b)
    }

    @Test func oneFailureDegradesTwoOpenTheCircuit() {
        var f = FleetHealth(policy: HealthPolicy(failuresToOpen: 2, initialBackoff: 1, maxBackoff: 8))
        f.started(a)
        f.failed(a, .broken("timeout"), now: 10)
        #expect(f[a].state == .degraded)
        #expect(f.pick([a, b], model: m) == b, "an up replica goes before a degraded one, busy or not")
        #expect(f.pick([a], model: m) == a, "a degraded replica is still used when it is the only one")
        f.started(a)
        f.failed(a, .broken("timeout"), now: 11)
        #expect(f[a].state == .down)
        #expect(f[a].retryAt == 12)
        #expect(f.pick([a], model: m) == nil, "a down replica is never chosen")
        #expect(f.upCount([a, b]) == 1)
        #expect(f[a].lastError == "timeout")
    }

    @Test func aProbeTakesOutADegradedReplicaThatNoLongerAnswersButDoesNotClearOneThatDoes() {
        var f = FleetHealth()
        f.started(a)
        f.failed(a, .broken("cut off"), now: 0)
        f.probed(a, ok: true, now: 0.1)
        #expect(f[a].state == .degraded, "answering a probe does not undo a broken stream")
        f.probed(a, ok: false, now: 0.2)
        #expect(f[a].state == .down)
    }

    @Test func aRefusedConnectionOpensTheCircuitAtOnce() {
        var f = FleetHealth()
        f.started(a)
        f.failed(a, .unreachable("connection refused"), now: 0)
        #expect(f[a].state == .down)
        #expect(f.pick([a, b], model: m) == b)
    }

    @Test func probesBackOffExponentiallyAndCloseTheCircuit() {
        var f = FleetHealth(policy: HealthPolicy(failuresToOpen: 2, initialBackoff: 1, maxBackoff: 4))
        f.started(a)
        f.failed(a, .hung("sent nothing for 2 s"), now: 100)
        #expect(f[a].state == .down, "a hung replica is out after one failure")
        #expect(f.claimProbes(now: 100.5) == [], "not before the back-off")
        #expect(f.claimProbes(now: 101) == [a])
        #expect(f.claimProbes(now: 101) == [], "a probe is handed out once")
        f.probed(a, ok: false, now: 101.2)
        #expect(f[a].retryAt == 103.2, "back-off doubled: 2 s")
        #expect(f.claimProbes(now: 103.2) == [a])
        f.probed(a, ok: false, now: 103.3)
        #expect(f[a].retryAt == 107.3, "4 s")
        #expect(f.claimProbes(now: 107.3) == [a])
        f.probed(a, ok: false, now: 107.4)
        #expect(f[a].retryAt == 111.4, "capped at 4 s")
        #expect(f.claimProbes(now: 111.4) == [a])
        f.probed(a, ok: true, now: 111.5)
        #expect(f[a].state == .up)
        #expect(f[a].backoff == 1, "back-off reset")
        #expect(f.pick([a], model: m) == a)
        #expect(f[a].requests == 1 && f[a].failures == 1, "probes are not requests")
    }

    @Test func latencyIsTheQuickestReplicaThatIsNotDown() {
        var f = FleetHealth()
        #expect(f.latency([a, b], model: m) == nil)
        f.firstToken(a, model: m, after: 0.4)
        f.firstToken(b, model: m, after: 0.1)
        #expect(f.latency([a, b], model: m) == 0.1)
        f.failed(b, .unreachable("gone"), now: 0)
        #expect(f.latency([a, b], model: m) == 0.4)
        // The average moves by the policy's weight.
        f.firstToken(a, model: m, after: 1.4)
        #expect(abs((f[a].ttft[m] ?? 0) - 0.7) < 1e-9)
    }

    @Test func errorsThatSayNothingAboutTheServerAreNotFailures() {
        #expect(ReplicaFailure(HerdError.http(server: "s", status: 400, body: "bad")) == nil)
        #expect(ReplicaFailure(HerdError.http(server: "s", status: 503, body: "loading")) != nil)
        #expect(ReplicaFailure(HerdError.unreachable(server: "s", cause: "refused")) == .unreachable("s is unreachable: refused"))
        #expect(ReplicaFailure(HerdError.timeout(server: "s", seconds: 1))?.opensCircuit == true, "a hung server is out at once")
        #expect(ReplicaFailure(HerdError.interrupted(server: "s", cause: "cut"))?.opensCircuit == false)
    }

    @Test func failoverStepsReadAsTheyHappened() {
        #expect(FailoverStep(from: "a", to: "b", tokensBefore: 0, continued: false, cause: "refused").text
            == "a failed before answering (refused); sent to b")
        #expect(FailoverStep(from: "a", to: "b", tokensBefore: 12, continued: true, cause: "cut off").text
            == "a failed after 12 tokens (cut off); b continued the answer")
        #expect(FailoverStep(from: "a", to: nil, tokensBefore: 1, continued: false, cause: "x").text
            == "a failed after 1 token (x); no other replica is up")
    }
}

extension FleetHealthTests {
    @Test func timeToFirstTokenIsPerModelWhileLoadIsPerServer() {
        var f = FleetHealth()
        f.firstToken(a, model: "big", after: 2.0)
        f.firstToken(b, model: "big", after: 0.5)
        f.firstToken(a, model: "small", after: 0.1)
        f.firstToken(b, model: "small", after: 0.3)
        #expect(f.pick([a, b], model: "big") == b)
        #expect(f.pick([a, b], model: "small") == a)
        f.started(a)
        #expect(f.pick([a, b], model: "small") == b, "a server busy with any model is busier")
    }
}
