import HerdCore
import Testing

@Suite struct GenerationOptionsTests {
    typealias Setting = GenerationOptions.Setting

    @Test func oneRuleForEverySetting() throws {
        var o = GenerationOptions()
        try o.set(.temperature, number: 0)
        try o.set(.temperature, number: 2)
        try o.set(.topP, number: 0.95)
        try o.set(.maxTokens, number: 1)
        try o.set(.contextSize, number: 8192)
        #expect(o == GenerationOptions(temperature: 2, topP: 0.95, maxTokens: 1, contextSize: 8192))
        let bad: [(Setting, Double, String)] = [
            (.temperature, 2.5, "temperature must be a number from 0 to 2, not 2.5"),
            (.temperature, -0.1, "temperature must be a number from 0 to 2, not -0.1"),
            (.temperature, .nan, "temperature must be a number from 0 to 2, not nan"),
            (.topP, 1.5, "top_p must be a number from 0 to 1, not 1.5"),
            (.maxTokens, 0, "max_tokens must be a whole number of tokens, at least 1, not 0"),
            (.maxTokens, 2.5, "max_tokens must be a whole number of tokens, at least 1, not 2.5"),
            (.contextSize, Double(1 << 25), "num_ctx must be a whole number of tokens, from 1 to 16777216, not 33554432"),
            (.stop, 1, "stop must be one or more texts that are not empty, not a number"),
        ]
        for (setting, v, message) in bad {
            var x = o
            #expect(throws: GenerationOptions.Problem(setting: setting, message: message)) { try x.set(setting, number: v) }
            #expect(x == o, "a refused value changes nothing")
        }
        #expect(throws: GenerationOptions.Problem.self) { try o.set(stop: []) }
        #expect(throws: GenerationOptions.Problem.self) { try o.set(stop: ["ok", ""]) }
    }

    @Test func textIsParsedByTheSameRules() throws {
        var o = GenerationOptions()
        try o.set(.topP, text: " 0.5 ")
        #expect(o.topP == 0.5)
        #expect(throws: GenerationOptions.Problem(setting: .temperature, message: "temperature must be a number from 0 to 2, not \"warm\"")) {
            try o.set(.temperature, text: "warm")
        }
        try o.set(.stop, text: ####""\n\n" ### "User:""####)
        #expect(o.stop == ["\n\n", "###", "User:"])
        #expect(o.text(of: .stop) == ####""\n\n" "###" "User:""####)
        #expect(throws: GenerationOptions.Problem.self) { try o.set(.stop, text: "\"open") }
        #expect(Setting(key: "top-p") == .topP)
        #expect(Setting(key: "NUM_CTX") == .contextSize)
        #expect(Setting(key: "seed") == nil)
    }

    @Test func theSessionWinsOverTheMemberOverTheDefaults() {
        let defaults = GenerationOptions(temperature: 0.7, topP: 0.9, maxTokens: 512)
        let member = GenerationOptions(temperature: 0.2, contextSize: 4096)
        let session = GenerationOptions(maxTokens: 50)
        #expect(session.over(member.over(defaults)) == GenerationOptions(temperature: 0.2, topP: 0.9, maxTokens: 50, contextSize: 4096))
        #expect(GenerationOptions().isEmpty)
        #expect(!session.isEmpty)
    }

    @Test func stopListsRoundTripAndControlCharactersStayVisible() throws {
        let stops = ["\n", "\t\"q\"\\", "\r\n", "\u{1b}[31m", "\u{9b}x", "ünï 🦙"]
        let line = StopList.format(stops)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(line)")
        #expect(try StopList.parse(line) == stops)
        #expect(try StopList.parse("a  b\tc") == ["a", "b", "c"])
        #expect(try StopList.parse(#"x"y z"w"#) == ["x", "y z", "w"])
        #expect(throws: StopList.ParseError.self) { try StopList.parse(#""\q""#) }
        #expect(throws: StopList.ParseError.self) { try StopList.parse(#""\u{zz}""#) }
    }

    @Test func chatRequestShorthandsAreTheOptions() {
        var r = ChatRequest(model: "m", messages: [], maxTokens: 5, options: GenerationOptions(temperature: 0.1, maxTokens: 9))
        #expect(r.options == GenerationOptions(temperature: 0.1, maxTokens: 5))
        r.stop = ["x"]
        #expect(r.options.stop == ["x"])
    }
}
