import Foundation
import HerdCore
import Testing
@testable import HerdBench

/// The instruction-check grading kind: its grammar, each rule, and the grader and suite around it.
struct InstructionCheckTests {
    func passes(_ spec: String, _ reply: String) throws -> Bool {
        try InstructionCheck.parse(spec).passes(reply)
    }

    @Test func exactRules() throws {
        #expect(try passes("exact:YES", "YES"))
        #expect(try passes("exact:YES", "  YES\n"))
        #expect(try !passes("exact:YES", "Yes"))
        #expect(try !passes("exact:YES", "YES, it is."))
        #expect(try passes("iexact:twelve", "Twelve."))
        #expect(try !passes("iexact:twelve", "twelve!!"))
        #expect(try !passes("iexact:twelve", "It is twelve"))
    }

    @Test func countingRules() throws {
        #expect(try passes("words:3", "Blue and vast."))
        #expect(try passes("words:3", "don't stop now"), "an inner apostrophe keeps one word")
        #expect(try !passes("words:3", "The sky is blue."))
        #expect(try !passes("words:3", ""))
        #expect(try passes("maxwords:2", "Paris"))
        #expect(try !passes("maxwords:2", "   "), "at least one word")
        #expect(try passes("lines:3", "apple\n\nbanana\ncherry\n"), "blank lines do not count")
        #expect(try !passes("lines:3", "apple, banana, cherry"))
    }

    @Test func caseAndTextRules() throws {
        #expect(try passes("upper", "HELLO, 42!"))
        #expect(try !passes("upper", "Hello"))
        #expect(try !passes("upper", "42"), "no letters is not upper case")
        #expect(try passes("lower", "a quiet river."))
        #expect(try !passes("lower", "A quiet river."))
        #expect(try passes("contains:river", "The RIVER bends."))
        #expect(try passes("absent:water", "Waves crash on the shore."))
        #expect(try !passes("absent:water", "Salt Water everywhere."))
        #expect(try passes("starts:Dear Ana", "Dear Ana, thank you."))
        #expect(try !passes("starts:Dear Ana", "Hi Ana"))
        #expect(try passes("ends:DONE", "The sea is calm. DONE\n"))
        #expect(try !passes("ends:DONE", "DONE. The sea is calm."))
    }

    @Test func jsonRule() throws {
        #expect(try passes("json:answer=12", #"{"answer": 12}"#))
        #expect(try passes("json:answer=12", #"{"answer": 12.0}"#))
        #expect(try passes("json:answer=12", "```json\n{\"answer\": 12}\n```"))
        #expect(try passes("json:answer=12", #"{"answer": "12"}"#))
        #expect(try !passes("json:answer=12", #"{"answer": 13}"#))
        #expect(try !passes("json:answer=12", #"The answer is {"answer": 12}"#), "only JSON was asked for")
        #expect(try !passes("json:answer=12", #"{"result": 12}"#))
        #expect(try passes("json:city=Paris", #"{"city": "paris"}"#))
        #expect(try !passes("json:city=Paris", #"{"city": "Rome"}"#))
    }

    @Test func combinedRulesReportTheFirstBroken() throws {
        let check = try InstructionCheck.parse("lines:3 && maxwords:9")
        #expect(check.rules == [.lines(3), .maxWords(9)])
        #expect(check.firstFailure("a\nb\nc") == nil)
        #expect(check.firstFailure("a b") == .lines(3))
        #expect(check.firstFailure("a b c d\ne f g\nh i j") == .maxWords(9))
        #expect(check.rules.map(\.description).joined(separator: " && ") == "lines:3 && maxwords:9")
    }

    @Test func badChecksSayWhy() {
        let cases: [(String, String)] = [
            ("words:three", "rule \"words\" needs a whole number ≥ 1 after the colon"),
            ("exact:", "rule \"exact\" needs text after the colon"),
            ("loud", "unknown rule \"loud\""),
            ("json:answer", "rule \"json\" needs KEY=VALUE"),
            ("upper && ", "empty rule"),
        ]
        for (spec, message) in cases {
            do {
                _ = try InstructionCheck.parse(spec)
                Issue.record("\(spec) parsed")
            } catch {
                #expect("\(error)".contains(message), "\(spec): \(error)")
            }
        }
    }

    @Test func graderAndSuiteUseChecks() throws {
        let suite = try BenchSuite.parse("""
        {"id":"i1","prompt":"Reply only with YES.","gold":"exact:YES","kind":"check","source":"instructions/x"}
        {"id":"i2","prompt":"Three words about snow.","gold":"words:3 && lower","kind":"check"}
        """, file: "c.jsonl")
        let q = suite.questions
        #expect(q[0].kind == .check(InstructionCheck(rules: [.exact("YES")])))
        #expect(AnswerGrader.grade(q[0], answer: "YES") == .init(correct: true, extracted: "ok"))
        #expect(AnswerGrader.grade(q[0], answer: "yes") == .init(correct: false, extracted: "broke exact:YES"))
        #expect(AnswerGrader.grade(q[1], answer: "cold white flakes").correct)
        #expect(!AnswerGrader.grade(q[1], answer: "Cold white flakes").correct)
        #expect(BenchPrompt.text(for: q[0], instruct: true) == "Reply only with YES.", "the prompt is the instruction")

        do {
            _ = try BenchSuite.parse("{\"id\":\"b\",\"prompt\":\"Q\",\"gold\":\"words:0\",\"kind\":\"check\"}", file: "bad.jsonl")
            Issue.record("parsed")
        } catch {
            #expect("\(error)" == "bad.jsonl:1: rule \"words\" needs a whole number ≥ 1 after the colon")
        }
    }
}
