import Testing
@testable import HerdBench

struct GradingTests {
    static let tenOptions = ChoiceOption.parse(prompt: """
    What will be the number of lamps?
    A. 6
    B. 1
    C. 2
    D. 5
    E. 7
    F. 3
    G. 9
    H. 10
    I. 8
    J. 4
    """)

    @Test func parsesLetteredOptions() {
        #expect(Self.tenOptions.map(\.letter) == Array("ABCDEFGHIJ"))
        #expect(Self.tenOptions[7].text == "10")
        let paren = ChoiceOption.parse(prompt: "Pick one\n(A) red\n(B) blue\n(C) green")
        #expect(paren.map(\.text) == ["red", "blue", "green"])
        // A gap (A, C) is not an option list.
        #expect(ChoiceOption.parse(prompt: "x\nA. one\nC. three").isEmpty)
    }

    @Test(arguments: [
        ("The answer is (C)", "C"),
        ("The answer is (c).", "C"),
        ("the answer is C because 2 lamps suffice", "C"),
        ("Answer: c", "C"),
        ("Answer: **D**", "D"),
        ("**C**", "C"),
        ("**C.** 2 lamps", "C"),
        ("C.", "C"),
        ("C", "C"),
        ("c)", "C"),
        ("(B) 1", "B"),
        ("Option A is wrong. Option J is correct.", "J"),
        ("A lamp gives 300 lumens, 50 lux × 12 m² = 600 lm, so 2 lamps: C", "C"),
        ("Answer: B\n\nExplanation: option A is too many.", "B"),
        ("I think it is E", "E"),
        ("We need 600/300 = 2 lamps, which is option C.", "C"),
        ("The correct answer is option H", "H"),
        ("Final answer: (I)", "I"),
    ])
    func extractsLetter(text: String, expected: String) {
        #expect(LetterExtractor.extract(text, options: Self.tenOptions).map(String.init) == expected)
    }

    @Test(arguments: [
        "Hello from tiny-a!",
        "Greetings from tiny-b, the middle sibling.",
        "tiny-c here: I am the largest scripted model, with grouped-query attention and F16 weights.",
        "the answer is a bit tricky",
        "I don't know.",
        "",
    ])
    func findsNoLetterWhereThereIsNone(text: String) {
        #expect(LetterExtractor.extract(text, options: Self.tenOptions) == nil)
    }

    @Test func letterOutsideTheOptionsDoesNotCount() {
        let four = ChoiceOption.parse(prompt: "Q\nA. w\nB. x\nC. y\nD. z")
        #expect(LetterExtractor.extract("The answer is (F)", options: four) == nil)
        #expect(LetterExtractor.extract("The answer is (F), no, D", options: four) == "D")
    }

    @Test func matchesTheTextOfAnOption() {
        let opts = ChoiceOption.parse(prompt: "Stack is also known as\nA. FIFO memory\nB. Flash memory\nC. LIFO memory\nD. LILO memory")
        #expect(LetterExtractor.extract("LIFO memory", options: opts) == "C")
        #expect(LetterExtractor.extract("A stack is a lifo memory.", options: opts) == "C")
        let greet = ChoiceOption.parse(prompt: "Who?\nA. Greetings from tiny-b, the middle sibling.\nB. Hello from tiny-a!")
        #expect(LetterExtractor.extract("Hello from tiny-a!", options: greet) == "B")
        #expect(LetterExtractor.extract("Greetings from tiny-b, the middle sibling.", options: greet) == "A")
    }

    @Test(arguments: [
        ("The answer is 42.", "42"),
        ("#### 1,000", "1000"),
        ("She pays $1,000 in total.", "1000"),
        ("It is -7 degrees", "-7"),
        ("It is −7 degrees", "-7"),
        ("Total: 3.50 dollars", "3.5"),
        ("First 5, then 12, so 17", "17"),
        ("1,234,567 people", "1234567"),
        ("Steps: 1, 2, 3", "3"),
        ("#### 18\nThat was 5 + 13.", "18"),
        ("50% of them", "50"),
        ("x = 5-3 = 2.", "2"),
    ])
    func extractsNumber(text: String, expected: String) {
        #expect(NumberExtractor.extract(text).map { "\($0)" } == expected)
    }

    @Test(arguments: [
        "tiny-c here: I am the largest scripted model, with grouped-query attention and F16 weights.",
        "Hello from tiny-a!",
        "no numbers here",
        "CO2 and H2O",
    ])
    func findsNoNumberWhereThereIsNone(text: String) {
        #expect(NumberExtractor.extract(text) == nil)
    }

    @Test func gradesBothKinds() {
        let mc = BenchQuestion(id: "1", prompt: "Q\nA. a\nB. b", source: "s", gold: "B",
                               kind: .multipleChoice(options: ChoiceOption.parse(prompt: "Q\nA. a\nB. b")))
        #expect(AnswerGrader.grade(mc, answer: "The answer is B").correct)
        #expect(!AnswerGrader.grade(mc, answer: "The answer is A").correct)
        #expect(AnswerGrader.grade(mc, answer: "no idea").extracted == nil)
        let num = BenchQuestion(id: "2", prompt: "2+2?", source: "s", gold: "1,000", kind: .numeric)
        #expect(AnswerGrader.grade(num, answer: "It costs $1000.").correct)
        #expect(AnswerGrader.grade(num, answer: "1000.00").correct)
        #expect(!AnswerGrader.grade(num, answer: "1001").correct)
    }
}
