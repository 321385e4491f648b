import HerdCore
import Testing

/// Slow replicas and the probes of a long-running session, driven with times given by the test.
extension FleetHealthTests {
    /// Feeds `times` as first tokens of `m` from `key`, each request starting and ending well.
    static func traffic(_ f: inout FleetHealth, _ key: String, _ times: [Double], model: String, siblings: [String], now: Double = 0) {
        for t in times {
            f.started(key)
            f.firstToken(key, model: model, after: t, siblings: siblings)
            f.succeeded(key, now: now)
        }
    }

    @Test func aReplicaSeveralTimesSlowerThanItsSiblingIsDegradedAndRecovers() {
        var f = FleetHealth()
        let both = [a, b]
        Self.traffic(&f, b, [0.4, 0.5, 0.4], model: m, siblings: both)
        Self.traffic(&f, a, [2.5, 2.6], model: m, siblings: both)
        #expect(f[a].state == .up, "two first tokens are not enough to judge")
        Self.traffic(&f, a, [2.4], model: m, siblings: both)
        #expect(f[a].state == .degraded && f[a].slow, "three, each over 3× the sibling's and over a second")
        #expect(f[a].lastError?.hasPrefix("slow: 2.5 s to the first token") == true, "\(f[a].lastError ?? "-")")
        #expect(f.pick(both, model: m) == b)
        #expect(f.upCount(both) == 2, "slow is not down: it still takes requests when its siblings cannot")
        #expect(f.latency(both, model: m) == f[b].ttft[m], "the member's latency is its quickest replica's")
        // Ending requests well does not clear slowness: only its speed does.
        f.started(a)
        f.succeeded(a, now: 1)
        #expect(f[a].state == .degraded)
        // Its siblings are gone; it serves again and is quick now: up once the median of three is.
        Self.traffic(&f, a, [0.6], model: m, siblings: both)
        #expect(f[a].state == .degraded, "one quick answer is not a recovery")
        Self.traffic(&f, a, [0.7], model: m, siblings: both)
        #expect(f[a].state == .up && !f[a].slow, "median 0.7 s: under the one-second floor")
    }

    @Test func oneHiccupDoesNotMakeAReplicaSlow() {
        var f = FleetHealth()
        let both = [a, b]
        Self.traffic(&f, b, [0.3], model: m, siblings: both)
        Self.traffic(&f, a, [0.3, 0.4, 9.0, 0.3, 0.35], model: m, siblings: both)
        #expect(f[a].state == .up && !f[a].slow)
        Self.traffic(&f, a, [9.0, 8.0], model: m, siblings: both)
        #expect(f[a].slow, "two slow in three is no hiccup")
    }

    @Test func quickReplicasAreNeverSlowWhateverTheFactor() {
        var f = FleetHealth()
        let both = [a, b]
        Self.traffic(&f, b, [0.05, 0.05, 0.05], model: m, siblings: both)
        Self.traffic(&f, a, [0.8, 0.9, 0.8], model: m, siblings: both)
        #expect(f[a].state == .up, "16× slower, but under a second: nobody waits for it")
    }

    @Test func aMemberWithOneReplicaIsNeverSlowByComparison() {
        var f = FleetHealth()
        Self.traffic(&f, a, [30, 30, 30], model: m, siblings: [a])
        #expect(f[a].state == .up && f.latency([a], model: m) == 30, "its slowness is the router's cost, not a health state")
    }

    @Test func speedIsJudgedPerModelAgainstTheSiblingsOfThatMember() {
        var f = FleetHealth()
        Self.traffic(&f, b, [0.2, 0.2, 0.2], model: "big", siblings: [a, b])
        // `a` serves another member alone: its slow answers for it are compared with nothing.
        Self.traffic(&f, a, [5, 5, 5], model: "solo", siblings: [a])
        #expect(f[a].state == .up)
        Self.traffic(&f, a, [5, 5, 5], model: "big", siblings: [a, b])
        #expect(f[a].slow)
    }

    @Test func aProbeGivesASlowReplicaAFreshTrial() {
        var got: [String] = []
        var f = FleetHealth()
        let both = [a, b]
        Self.traffic(&f, b, [0.3, 0.3, 0.3], model: m, siblings: both, now: 0)
        Self.traffic(&f, a, [4, 4, 4], model: m, siblings: both, now: 0)
        #expect(f[a].slow)
        got = f.claimIdleProbes(both, now: 29)
        #expect(got == [], "heard from 29 s ago")
        got = f.claimIdleProbes(both, now: 30)
        #expect(got == [a, b])
        f.probed(a, ok: true, now: 30.1)
        #expect(f[a].state == .up && !f[a].slow, "answering gives it a fresh trial")
        #expect(f.pick(both, model: m) == b, "its measured average still ranks it after the quicker sibling")
        Self.traffic(&f, a, [4, 4], model: m, siblings: both, now: 31)
        #expect(f[a].state == .up, "judged again only on new first tokens")
        Self.traffic(&f, a, [4], model: m, siblings: both, now: 32)
        #expect(f[a].slow, "still slow after the trial")
    }

    @Test func idleProbesGoToReplicasUnheardForTheIntervalOneAtATime() {
        var got: [String] = []
        var f = FleetHealth(policy: HealthPolicy(idleProbeInterval: 30))
        got = f.claimIdleProbes([a, b], now: 100)
        #expect(got == [], "never heard of: the wait starts now")
        got = f.claimIdleProbes([a, b], now: 129.9)
        #expect(got == [])
        f.started(b)
        got = f.claimIdleProbes([a, b], now: 130)
        #expect(got == [a], "b has a request in flight")
        got = f.claimIdleProbes([a, b], now: 131)
        #expect(got == [], "a's probe is still out")
        let second = f.claimProbe(a)
        #expect(!second, "not even the probe after a broken stream goes while one is out")
        f.probed(a, ok: true, now: 131)
        #expect(f[a].state == .up && f[a].heardAt == 131)
        f.succeeded(b, now: 140)
        got = f.claimIdleProbes([a, b], now: 160)
        #expect(got == [], "a heard at 131, b at 140")
        got = f.claimIdleProbes([a, b], now: 170)
        #expect(got == [b, a].sorted())
    }

    @Test func anIdleProbeThatFindsAReplicaGoneTakesItDownAndTheBackOffBringsItBack() {
        var f = FleetHealth(policy: HealthPolicy(initialBackoff: 1, idleProbeInterval: 30))
        var got = f.claimIdleProbes([a, b], now: 0)
        got = f.claimIdleProbes([a, b], now: 30)
        #expect(got == [a, b])
        f.probed(a, ok: false, now: 30.5)
        f.probed(b, ok: true, now: 30.5)
        #expect(f[a].state == .down && f.upCount([a, b]) == 1)
        got = f.claimIdleProbes([a, b], now: 100)
        #expect(got == [b], "a down replica goes by its back-off, not the idle interval")
        got = f.claimProbes(now: 31.5)
        #expect(got == [a])
        f.probed(a, ok: true, now: 31.6)
        #expect(f[a].state == .up && f.upCount([a, b]) == 2)
    }

    @Test func aDegradedReplicaThatAnswersAProbeLongAfterItsFailureIsUpAgain() {
        var got: [String] = []
        var f = FleetHealth(policy: HealthPolicy(idleProbeInterval: 30))
        f.started(a)
        f.failed(a, .broken("cut off"), now: 10)
        let claimed = f.claimProbe(a)
        #expect(claimed)
        f.probed(a, ok: true, now: 10.2)
        #expect(f[a].state == .degraded, "the probe right after the break does not undo it")
        got = f.claimIdleProbes([a], now: 39)
        #expect(got == [])
        got = f.claimIdleProbes([a], now: 40.2)
        #expect(got == [a])
        f.probed(a, ok: true, now: 40.3)
        #expect(f[a].state == .up, "one failure 30 s ago, answering since: a hiccup")
    }
}
