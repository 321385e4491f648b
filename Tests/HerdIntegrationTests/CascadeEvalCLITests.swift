import Foundation
import HerdTestSupport
import Testing

/// `herd router eval --policy cascade` on a small trained router: the cascade against plain routing and the largest member.
@Suite struct CascadeEvalCLITests {
    @Test func cascadePolicyReportsAgainstRoutingAndTheLargest() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-cascade-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines: [String] = [], split = ["id\tsplit"]
        for i in 0..<80 {
            let code = i % 2 == 0
            let prompt = code ? "write python code for task \(i)" : "write a sonnet about thing \(i)"
            lines.append(#"{"id": \#(i), "prompt": "\#(prompt)", "scores": {"coder": \#(code ? 1 : 0), "big": 1}}"#)
            split.append("\(i)\t\(i < 60 ? "train" : "test")")
        }
        let data = dir.appendingPathComponent("d.jsonl").path, splitPath = dir.appendingPathComponent("split.tsv").path
        let router = dir.appendingPathComponent("r.router").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: data, atomically: true, encoding: .utf8)
        try (split.joined(separator: "\n") + "\n").write(toFile: splitPath, atomically: true, encoding: .utf8)
        let train = try await HerdRun.run(["router", "train", "--data", data, "--split", splitPath, "--members", "coder:2,big:20",
                                           "--hash-bits", "14", "--out", router])
        #expect(train.status == .exited(0), "\(train.stderr)")
        let run = try await HerdRun.run(["router", "eval", "--router", router, "--data", data, "--split", splitPath, "--policy", "cascade", "--json"])
        #expect(run.status == .exited(0), "\(run.stderr)")
        let both = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        let c = both["cascade"] as? [String: Any] ?? [:]
        #expect(c["rows"] as? Int == 20 && c["largest"] as? String == "big" && c["largestAccuracy"] as? Double == 1, "\(run.stdout.prefix(400))")
        #expect((c["points"] as? [Any])?.count == 101)
        // Asking the coder on code and the big member on poems reaches the largest's accuracy for less.
        let matched = try #require(c["cascadeSizeAtLargestAccuracy"] as? Double)
        #expect(matched < 20, "\(matched)")
        #expect((both["routing"] as? [String: Any])?["rows"] as? Int == 20)
        let text = try await HerdRun.run(["router", "eval", "--router", router, "--data", data, "--split", splitPath, "--policy", "cascade"])
        #expect(text.stdout.contains("AIQ  cascade") && text.stdout.contains("largest member big"), "\(text.stdout)")
        let bad = try await HerdRun.run(["router", "eval", "--router", router, "--data", data, "--policy", "cascades"])
        #expect(bad.status != .exited(0) && bad.stderr.contains("--policy is route or cascade"), "\(bad.stderr)")
    }
}
