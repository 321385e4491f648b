import Foundation
import HerdCore
import Testing
@testable import HerdBench

/// Capped and stopped answers: the per-kind caps and stop sequences sent, when an answer counts as known,
/// and the runner closing the stream there.
struct AnswerLimitsTests {
    static let questions = try! BenchSuite.parse("""
    {"id":"m","prompt":"Capital of France?\\nA. Berlin\\nB. Paris\\nC. Rome","gold":"B"}
    {"id":"n","prompt":"Six times seven?","gold":"42"}
    {"id":"c","prompt":"Reply only with YES.","gold":"exact:YES","kind":"check"}
    """, file: "l.jsonl").questions
    static var mc: BenchQuestion.Kind { questions[0].kind }
    static var numeric: BenchQuestion.Kind { questions[1].kind }
    static var check: BenchQuestion.Kind { questions[2].kind }

    @Test func multipleChoiceIsKnownWhenALetterEndsALineOrSentence() {
        let l = AnswerLimits()
        #expect(!l.isComplete("B", for: Self.mc), "a letter alone may still grow into a word")
        #expect(!l.isComplete("B.", for: Self.mc), "the sentence has not ended yet")
        #expect(l.isComplete("B. ", for: Self.mc))
        #expect(l.isComplete("B\n", for: Self.mc))
        #expect(l.isComplete("The answer is (B). It is", for: Self.mc))
        #expect(!l.isComplete("Let me think about this. The", for: Self.mc), "no letter in the finished sentence")
        #expect(!l.isComplete("Paris is the capital of", for: Self.mc))
        // A base model echoing the prompt stops at the first option line.
        #expect(!l.isComplete("Capital of France?\n", for: Self.mc))
        #expect(l.isComplete("Capital of France?\nA. Berlin\n", for: Self.mc))
        #expect(!l.isComplete("It costs 3.5 dollars", for: Self.mc), "a decimal point is not a sentence end")
    }

    @Test func numericIsKnownWhenALineEndsAfterANumber() {
        let l = AnswerLimits()
        #expect(!l.isComplete("42", for: Self.numeric), "more digits may follow")
        #expect(!l.isComplete("6 times 7 is 42.", for: Self.numeric), "a sentence may go on reasoning; a line may not")
        #expect(l.isComplete("42\n", for: Self.numeric))
        #expect(!l.isComplete("Let me see.\n", for: Self.numeric))
        #expect(!l.isComplete("#### 4", for: Self.numeric))
        #expect(l.isComplete("so #### 42\n", for: Self.numeric))
    }

    @Test func checkIsKnownAtTheFirstBlankLineAfterText() {
        let l = AnswerLimits()
        #expect(l.knownAnswer("YES\n\nWhy", for: Self.check) == "YES")
        #expect(l.knownAnswer("\nYES\n\n", for: Self.check) == "\nYES")
        #expect(l.knownAnswer("B. Paris", for: Self.mc) == "B.")
        #expect(l.knownAnswer("So 42\nand", for: Self.numeric) == "So 42")
        #expect(!l.isComplete("YES", for: Self.check))
        #expect(!l.isComplete("YES\n", for: Self.check), "a reply may have several lines")
        #expect(!l.isComplete("\n\nYES", for: Self.check), "a blank start is not the end")
        #expect(l.isComplete("YES\n\nWhy? Because", for: Self.check))
    }

    @Test func requestsAreCappedPerKindWithStopSequences() {
        let member = BenchMember(name: "m", server: FakeServer { _, _ in .text("") })
        var options = BenchOptions(maxTokens: 512)
        #expect(BenchPrompt.request(for: Self.questions[0], member: member, options: options).maxTokens == 512)
        #expect(BenchPrompt.request(for: Self.questions[0], member: member, options: options).stop == nil)
        options.limits = AnswerLimits(multipleChoiceTokens: 24, numericTokens: 40, checkTokens: 30, stop: ["<|im_end|>"])
        let caps = Self.questions.map { BenchPrompt.request(for: $0, member: member, options: options).maxTokens }
        #expect(caps == [24, 40, 30])
        #expect(BenchPrompt.request(for: Self.questions[1], member: member, options: options).stop == ["<|im_end|>"])
        options.maxTokens = 16
        #expect(BenchPrompt.request(for: Self.questions[1], member: member, options: options).maxTokens == 16, "the smaller cap wins")
    }

    @Test func theRunnerClosesTheStreamOnceTheAnswerIsKnown() async throws {
        // A rambling model: the right answer first, then a long tail it would have sent to the token limit.
        let tail = (1...200).map { "w\($0)" }.joined(separator: " ")
        let server = FakeServer { req, _ in
            let p = req.messages.last!.content
            if p.hasPrefix("Capital") { return .text("B. Paris is right. " + tail) }
            if p.hasPrefix("Six") { return .text("42\n" + tail) }
            return .text("YES\n\n" + tail)
        }
        var options = BenchOptions(concurrencyPerServer: 1, retries: 0, requestTimeout: 5)
        options.limits = AnswerLimits()
        let dir = try TempDir.make()
        _ = try await BenchRunner(members: [BenchMember(name: "m", server: server)], options: options)
            .run(Self.questions, log: try BenchLog(path: dir + "/limited.jsonl"))
        let limited = try await BenchLog(path: dir + "/limited.jsonl").records
        // Kept up to where the answer was known; the piece read after it is dropped.
        #expect(limited["m"]?.answers["m"] == "B.")
        #expect(limited["n"]?.answers["m"] == "42")
        #expect(limited["c"]?.answers["m"] == "YES")
        #expect(Set(Self.questions.map { limited[$0.id]?.finish["m"] }) == ["early"])
        #expect(Self.questions.allSatisfy { limited[$0.id]?.scores["m"] == 1 })

        options.limits = nil
        _ = try await BenchRunner(members: [BenchMember(name: "m", server: server)], options: options)
            .run(Self.questions, log: try BenchLog(path: dir + "/full.jsonl"))
        let full = try await BenchLog(path: dir + "/full.jsonl").records
        #expect(full["m"]?.answers["m"]?.hasSuffix("w200") == true, "without limits the whole reply is read")
        #expect(full["m"]?.finish["m"] == "stop", "the server's finish reason is kept")
    }
}
