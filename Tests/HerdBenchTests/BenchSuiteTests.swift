import Foundation
import HerdCore
import Testing
@testable import HerdBench

struct BenchSuiteTests {
    @Test func readsTheRoutingDataFormat() throws {
        // The first line of ../shared/data/routing/mmlu_pro_29models.jsonl, scores cut short.
        let line = #"{"prompt": "Stack is also known as\nA. FIFO memory\nB. Flash memory\nC. LIFO memory\nD. LILO memory", "scores": {"gemma-7b": 1}, "source": "mmlu_pro/engineering", "id": "mmlu_pro:11286", "gold": "C"}"#
        let suite = try BenchSuite.parse(line, file: "mmlu.jsonl")
        let q = try #require(suite.questions.first)
        #expect(q.id == "mmlu_pro:11286")
        #expect(q.source == "mmlu_pro/engineering")
        #expect(q.gold == "C")
        guard case let .multipleChoice(options) = q.kind else { Issue.record("not multiple choice"); return }
        #expect(options.map(\.text) == ["FIFO memory", "Flash memory", "LIFO memory", "LILO memory"])
    }

    @Test func readsGSM8KAndOptionArrays() throws {
        let text = """
        {"question": "Tom has 3 apples and buys 4. How many?", "answer": "3 + 4 = 7\\n#### 7"}

        {"question_id": 70, "question": "Largest planet?", "options": ["Mars", "Jupiter"], "answer": "B", "category": "astro"}
        {"id": "n3", "prompt": "Price?", "gold": "$1,000"}
        """
        let qs = try BenchSuite.parse(text, file: "/x/gsm.jsonl").questions
        #expect(qs.map(\.id) == ["gsm:1", "70", "n3"])
        #expect(qs[0].gold == "7")
        #expect(qs[0].kind == .numeric)
        #expect(qs[0].source == "gsm")
        #expect(qs[1].prompt == "Largest planet?\nA. Mars\nB. Jupiter")
        #expect(qs[1].source == "astro")
        #expect(qs[2].kind == .numeric)
    }

    @Test(arguments: [
        ("{\"id\":\"a\",\"prompt\":\"Q\\nA. x\\nB. y\",\"gold\":\"E\"}", "t.jsonl:2: gold letter E is not among the options A–B"),
        ("{\"id\":\"a\",\"gold\":\"1\"}", "t.jsonl:2: missing \"prompt\" (or \"question\") text"),
        ("{\"id\":\"a\",\"prompt\":\"Q\",\"gold\":\"C\"}", "t.jsonl:2: gold \"C\" is a letter but the prompt has no lettered options (A. …, B. …)"),
        ("{\"id\":\"a\",\"prompt\":\"Q\",\"gold\":\"blue\"}", "t.jsonl:2: gold \"blue\" is neither an option letter nor a number; set \"kind\""),
        ("{\"id\":\"a\",\"prompt\":\"Q\"}", "t.jsonl:2: missing \"gold\" (or \"answer\"): a letter or a number"),
        ("{\"id\":\"a\",\"prompt\":\"Q\",\"gold\":\"1\",\"kind\":\"essay\"}", "t.jsonl:2: unknown kind \"essay\" (use \"mc\", \"numeric\" or \"check\")"),
        ("{\"id\":\"ok\",\"prompt\":\"Q\",\"gold\":\"1\"}", "t.jsonl:2: duplicate id \"ok\" (first on line 1)"),
        ("[1,2]", "t.jsonl:2: expected a JSON object"),
    ])
    func badLinesNameFileAndLine(line: String, message: String) {
        let text = "{\"id\":\"ok\",\"prompt\":\"Q\",\"gold\":\"1\"}\n" + line
        #expect(throws: HerdError.badInput(file: "t.jsonl", line: 2, cause: String(message.dropFirst("t.jsonl:2: ".count)))) {
            try BenchSuite.parse(text, file: "t.jsonl")
        }
    }

    @Test func invalidJSONNamesTheLine() {
        do {
            _ = try BenchSuite.parse("{\"id\":\"ok\",\"prompt\":\"Q\",\"gold\":\"1\"}\n{oops", file: "t.jsonl")
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("t.jsonl:2: not valid JSON"))
        }
    }

    @Test func emptyOrMissingFileIsAnError() {
        #expect(throws: HerdError.badInput(file: "e.jsonl", line: nil, cause: "the suite has no questions")) {
            try BenchSuite.parse("\n\n", file: "e.jsonl")
        }
        #expect(throws: HerdError.badInput(file: "/nonexistent/s.jsonl", line: nil, cause: "cannot read the suite file")) {
            try BenchSuite.load(path: "/nonexistent/s.jsonl")
        }
    }

    @Test func readsTheSharedRoutingFileHead() throws {
        let path = "/work/shared/data/routing/mmlu_pro_29models.jsonl"
        let handle = try #require(FileHandle(forReadingAtPath: path), "missing \(path)")
        let head = String(decoding: handle.readData(ofLength: 200_000), as: UTF8.self)
        let lines = head.split(separator: "\n").dropLast()  // the last one is cut
        let suite = try BenchSuite.parse(lines.joined(separator: "\n"), file: path)
        #expect(suite.questions.count == lines.count)
        #expect(suite.questions.allSatisfy { if case .multipleChoice = $0.kind { true } else { false } })
    }
}

struct SharedRoutingFileTests {
    /// Every line of the shared MMLU-Pro routing file is a valid multiple-choice question.
    @Test func readsTheWholeSharedFile() throws {
        let suite = try BenchSuite.load(path: "/work/shared/data/routing/mmlu_pro_29models.jsonl")
        #expect(suite.questions.count == 12_032)
    }
}
