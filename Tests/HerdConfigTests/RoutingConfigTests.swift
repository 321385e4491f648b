import Foundation
import HerdConfig
import Testing

/// `[router] routing = "cascade"`: read, and a wrong value refused with its line.
@Suite struct RoutingConfigTests {
    @Test func cascadeIsReadAndAWrongValueNamesItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-routing-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.toml").path
        try "[router]\nlambda = 0.2\nrouting = \"cascade\"\n".write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try ConfigLoader.load(path: good).router.cascade)
        #expect(try !ConfigLoader.load(path: "/nonexistent/\(UUID()).toml").router.cascade)

        let problems = ConfigLoader.check(text: "[router]\n\nrouting = \"cascades\"\n", path: "config.toml")
        #expect(problems.map { "\($0.line.map(String.init) ?? "-"): \($0.message)" } == [
            #"3: routing is "single" (the router's best member answers) or "cascade" (cheapest confident member first, escalating a weak answer), not "cascades""#,
        ])
        let bad = dir.appendingPathComponent("bad.toml").path
        try "[router]\nrouting = 1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect {
            try ConfigLoader.load(path: bad)
        } throws: { error in
            "\(error)".contains("bad.toml:2")
        }
    }
}
