import Foundation
@testable import HerdBench

/// `suites/tiny-herd.jsonl`: 50 questions written so that each scripted model of ../shared/llm is right on
/// known ones. Its options quote the start of the fixed replies: tiny-a's reply is the gold of 01–15, tiny-b's of 16–30,
/// tiny-c's of 31–42; 43–46 have a distractor as gold and 47–50 a number, so nobody is right there.
enum TinySuite {
    static let replies = [
        "tiny-a": "Hello from tiny-a!",
        "tiny-b": "Greetings from tiny-b, the middle sibling.",
        "tiny-c": "tiny-c here: I am the largest scripted model, with grouped-query attention and F16 weights.",
    ]

    static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("suites/tiny-herd.jsonl").path
    }

    static func questions() throws -> [BenchQuestion] { try BenchSuite.load(path: path).questions }

    /// The score each member must get on question number `n` (1-based).
    static func expected(_ member: String, _ n: Int) -> Int {
        switch member {
        case "tiny-a": return (1...15).contains(n) ? 1 : 0
        case "tiny-b": return (16...30).contains(n) ? 1 : 0
        case "tiny-c": return (31...42).contains(n) ? 1 : 0
        default: return 0
        }
    }

    static func number(_ id: String) -> Int { Int(id.split(separator: ":").last!)! }
}
