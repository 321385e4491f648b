import Testing
@testable import HerdBench

struct BenchProgressTests {
    @Test func countsRateAndETA() throws {
        var p = BenchProgress()
        p.apply(.planned(member: "tiny-a", total: 50, alreadyDone: 10, alreadyCorrect: 4), at: 100)
        p.apply(.planned(member: "tiny-b", total: 50, alreadyDone: 0, alreadyCorrect: 0), at: 100)
        for i in 0..<20 { p.apply(.answered(member: "tiny-a", questionID: "q\(i)", correct: i % 2 == 0, seconds: 0.1), at: 100 + Double(i)) }
        p.apply(.retrying(member: "tiny-b", questionID: "q0", attempt: 1, delay: 0.5, error: "x"), at: 101)
        p.apply(.failed(member: "tiny-b", questionID: "q0", error: "x"), at: 102)
        let a = try #require(p.row("tiny-a"))
        #expect(a.done == 30 && a.remaining == 20 && a.correct == 14)
        // 20 answers in 10 s: 2/s, 20 left: 10 s.
        #expect(BenchProgress.rate(a, now: 110) == 2)
        #expect(BenchProgress.eta(a, now: 110) == 10)
        #expect(p.barLine(a, now: 110, nameWidth: 7, barWidth: 10) == "tiny-a  [██████░░░░] 30/50  60%  right 14  err 0  2.0/s  ETA 0:10")
        let b = try #require(p.row("tiny-b"))
        #expect(p.plainLine(b, now: 110) == "tiny-b  1/50   2%  right 0  err 1  retries 1  0.1/s  ETA 8:10")
    }

    @Test func unknownRateAndFinishedRows() throws {
        var p = BenchProgress()
        p.apply(.planned(member: "m", total: 3, alreadyDone: 0, alreadyCorrect: 0), at: 0)
        #expect(p.plainLine(try #require(p.row("m")), now: 5) == "m 0/3   0%  right 0  err 0  –/s  ETA –")
        p.apply(.planned(member: "done", total: 3, alreadyDone: 3, alreadyCorrect: 2), at: 0)
        #expect(p.plainLine(try #require(p.row("done")), now: 5) == "done 3/3 100%  right 2  err 0  –/s  done")
    }

    @Test func clockFormat() {
        #expect(BenchProgress.clock(9) == "0:09")
        #expect(BenchProgress.clock(750) == "12:30")
        #expect(BenchProgress.clock(3723) == "1:02:03")
        #expect(BenchProgress.formatRate(0.05) == "3.0/min")
        #expect(BenchProgress.formatRate(25.4) == "25/s")
    }
}
