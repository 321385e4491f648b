import Foundation
import HerdCore
import Testing
@testable import HerdBench

struct BenchLogTests {
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func appendsMergesAndCompacts() async throws {
        let path = try TempDir.make() + "/out.jsonl"
        let log = try BenchLog(path: path)
        var r1 = BenchRecord(id: "q1", prompt: "P1", source: "s", gold: "A")
        r1.setAnswer(member: "a", text: "A", correct: true, seconds: 0.123456)
        try await log.append(r1)
        var r2 = r1
        r2.setError(member: "b", message: "boom")
        try await log.append(r2)
        #expect(try Self.lines(path).count == 2)

        let reopened = try BenchLog(path: path)
        let merged = try #require(await reopened.records["q1"])
        #expect(merged.scores == ["a": 1])
        #expect(merged.seconds == ["a": 0.1235])
        #expect(merged.errors == ["b": "boom"])
        try await reopened.compact(order: ["q1"])
        let lines = try Self.lines(path)
        #expect(lines.count == 1)
        #expect(lines[0] == #"{"answers":{"a":"A"},"errors":{"b":"boom"},"gold":"A","id":"q1","prompt":"P1","scores":{"a":1},"seconds":{"a":0.1235},"source":"s"}"#)
    }

    @Test func dropsALineCutShortAndRepairs() async throws {
        let path = try TempDir.make() + "/out.jsonl"
        let good = #"{"id":"q1","prompt":"P","source":"s","scores":{"a":0},"answers":{"a":"x"},"seconds":{"a":1}}"#
        try (good + "\n" + #"{"id":"q2","prompt":"P2","sou"#).write(toFile: path, atomically: true, encoding: .utf8)
        let log = try BenchLog(path: path)
        #expect(await log.records.keys.sorted() == ["q1"])
        try await log.repairIfNeeded()
        #expect(try Self.lines(path).count == 1)
    }

    @Test func aBadLineInTheMiddleNamesIt() throws {
        let path = try TempDir.make() + "/out.jsonl"
        try "{\"id\":\"q1\",\"prompt\":\"P\"}\nnot json\n{\"id\":\"q3\",\"prompt\":\"P\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: HerdError.badInput(file: path, line: 2, cause: "not a bench record line (invalid JSON)")) {
            try BenchLog(path: path)
        }
        try "{\"id\":\"q1\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: HerdError.badInput(file: path, line: 1, cause: "not a bench record line (missing \"prompt\")")) {
            try BenchLog(path: path)
        }
    }

    @Test func anAnswerReplacesAnEarlierError() {
        var r = BenchRecord(id: "q", prompt: "p", source: "s")
        r.setError(member: "m", message: "down")
        var later = BenchRecord(id: "q", prompt: "p", source: "s")
        later.setAnswer(member: "m", text: "42", correct: true, seconds: 2)
        r.merge(later)
        #expect(r.errors.isEmpty)
        #expect(r.scores == ["m": 1])
        #expect(r.isAnswered(by: "m"))
    }
}
