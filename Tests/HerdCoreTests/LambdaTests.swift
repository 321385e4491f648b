import Foundation
import HerdCore
import Testing

@Suite struct LambdaTests {
    @Test func oneRuleForEveryWayIn() {
        #expect(Lambda(parsing: "0")?.value == 0)
        #expect(Lambda(parsing: " 0.3")?.value == 0.3)
        #expect(Lambda(parsing: "1e-2")?.value == 0.01)
        #expect(Lambda(parsing: "12")?.value == 12)
        for bad in ["-0.1", "-1", "nan", "inf", "high", "", "0.3.1"] {
            #expect(Lambda(parsing: bad) == nil, "\(bad)")
        }
        #expect(Lambda(-.ulpOfOne) == nil)
        #expect(Lambda(.infinity) == nil)
        #expect(Lambda.default.value == 0.3)
    }

    @Test func stepsRoundToHundredthsAndStopAtZero() {
        var l: Lambda = 0.3
        for _ in 0..<10 { l = l.stepped(by: 0.05) }
        #expect(l.value == 0.8)
        for _ in 0..<30 { l = l.stepped(by: -0.05) }
        #expect(l == .zero)
    }

    @Test func decodingRefusesWhatTheRuleRefuses() throws {
        let ok = try JSONDecoder().decode([Lambda].self, from: Data("[0, 0.5]".utf8))
        #expect(ok == [0, 0.5])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Lambda].self, from: Data("[-1]".utf8)) }
        #expect(String(decoding: try JSONEncoder().encode(Lambda(checked: 0.25)), as: UTF8.self) == "0.25")
    }
}
