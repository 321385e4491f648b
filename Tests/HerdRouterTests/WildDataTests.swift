import Foundation
import HerdCore
import Testing
@testable import HerdRouter

/// Routing data as other people write it: integer ids, null and NaN scores, prices and times,
/// and the mistakes a split cannot live with.
@Suite struct WildDataTests {
    static func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test func integerIDsNullAndNaNScoresPricesAndSeconds() throws {
        let text = """
        {"id": 17, "prompt": "p1", "scores": {"a": 1, "b": null, "c": NaN}, "cost_usd": {"a": 0.002, "b": null}, "seconds": {"a": 1.5}}
        {"id": "x-2", "prompt": "p2", "scores": {"a": 0.25, "b": 0.5}, "extra": [1, 2]}
        {"id": null, "prompt": "p3", "scores": {}}
        """
        let rows = try RoutingDataset.parse(Data(text.utf8), file: "wild.jsonl")
        #expect(rows.map(\.id) == ["17", "x-2", nil])
        #expect(rows[0].scores == ["a": 1] && rows[0].costUSD == ["a": 0.002] && rows[0].seconds == ["a": 1.5])
        #expect(rows[1].scores == ["a": 0.25, "b": 0.5] && rows[1].costUSD == nil)
        #expect(rows.map(\.line) == [1, 2, 3] && rows.allSatisfy { $0.file == "wild.jsonl" })
        // Integer ids meet the split file's text ids.
        let split = try RoutingDataset.parseSplit("id\tsplit\n17\ttest\nx-2\ttrain\n", file: "s.tsv")
        #expect(RoutingDataset.select(Array(rows.prefix(2)), split: split, name: "test").map(\.prompt) == ["p1"])
    }

    @Test func badFieldsAreNamedWithFileAndLine() {
        let good = #"{"id": 1, "prompt": "p", "scores": {"a": 1}}"#
        let cases: [(String, String)] = [
            (#"{"id": [1], "prompt": "p", "scores": {"a": 1}}"#, #"wild.jsonl:2: "id" is neither a string nor an integer"#),
            (#"{"id": 2, "prompt": 5, "scores": {"a": 1}}"#, #"wild.jsonl:2: "prompt" is not a string"#),
            (#"{"id": 2, "prompt": "p", "scores": [1, 0]}"#, #"wild.jsonl:2: "scores" is not an object"#),
            (#"{"id": 2, "prompt": "p", "scores": {"a": Infinity}}"#, #"wild.jsonl:2: score of "a" is inf"#),
            (#"{"id": 2, "prompt": "p", "scores": {"a": 1}, "cost_usd": {"a": -1}}"#, #"wild.jsonl:2: cost_usd of "a" is -1.0"#),
            (#"{"id": 2, "prompt": "p", "scores": {"a": 1}, "seconds": {"a": "fast"}}"#, #"wild.jsonl:2: seconds.a is not a number"#),
            (#"[1, 2]"#, #"wild.jsonl:2: not a JSON object"#),
            (#"{"id": 2, "prompt": "p", "scores": {"a": 1}"#, #"wild.jsonl:2: not valid JSON"#),
        ]
        for (line, expected) in cases {
            let m = Self.message { _ = try RoutingDataset.parse(Data((good + "\n" + line + "\n").utf8), file: "wild.jsonl") }
            #expect(m?.hasPrefix(expected) == true, "\(line) → \(m ?? "no error")")
        }
    }

    @Test func aSplitRefusesRowsWithoutIDsAndRepeatedIDs() throws {
        let repeated = try RoutingDataset.parse(Data("""
        {"id": 1, "prompt": "p", "scores": {"a": 1}}
        {"id": "2", "prompt": "q", "scores": {"a": 1}}

        {"id": "1", "prompt": "r", "scores": {"a": 0}}
        """.utf8), file: "dup.jsonl")
        #expect(Self.message { try RoutingDataset.checkIDs(repeated) } == #"dup.jsonl:4: id "1" also on line 1: a split file assigns rows by id"#)
        let anonymous = try RoutingDataset.parse(Data("""
        {"id": 1, "prompt": "p", "scores": {"a": 1}}
        {"prompt": "q", "scores": {"a": 1}}
        """.utf8), file: "anon.jsonl")
        #expect(Self.message { try RoutingDataset.checkIDs(anonymous) } == #"anon.jsonl:2: row without "id": a split file assigns rows by id"#)
        try RoutingDataset.checkIDs(Array(repeated.prefix(2)))
    }
}
