import Foundation
import HerdCore
@testable import HerdSession
import HerdTUI
import Testing

@Suite struct ThemeTests {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../themes").standardized.path

    @Test func everyShippedThemeLoads() throws {
        let names = ThemeLoader.available(in: [Self.themesDir])
        #expect(names.count >= 7)
        var variants = Set<String>()
        for name in names {
            let theme = try ThemeLoader.load(named: name, from: [Self.themesDir])
            #expect(theme.palette.count == 16)
            let bg = theme.palette[0]
            variants.insert(Int(bg.r) + Int(bg.g) + Int(bg.b) > 382 ? "light" : "dark")
        }
        #expect(variants == ["light", "dark"])
    }

    @Test func rolesMapToSlots() throws {
        let yaml = """
        scheme: "Test"
        palette:
        \((0..<16).map { String(format: "  base0%X: \"%02x%02x%02x\"", $0, $0 * 16, $0 * 16, $0 * 16) }.joined(separator: "\n"))
        roles:
          user: base08
          code: { fg: base0B, bg: base01, italic: true }
        """
        let t = try ThemeLoader.parse(yaml, file: "test.yaml")
        #expect(t.style(.user) == Theme.RoleStyle(fg: 8))
        #expect(t.style(.code) == Theme.RoleStyle(fg: 11, bg: 1, italic: true))
        #expect(t.style(.member) == Theme.defaultRoles[.member])
    }

    @Test func brokenThemesNameTheFileAndLine() {
        let badColour = "palette:\n" + (0..<16).map { String(format: "  base0%X: \"%@\"", $0, $0 == 5 ? "zz0000" : "112233") }.joined(separator: "\n")
        #expect(throws: HerdError.badInput(file: "t.yaml", line: 7, cause: "base05 must be a colour like \"1d1f21\", not \"zz0000\"")) {
            try ThemeLoader.parse(badColour, file: "t.yaml")
        }
        let badYAML = "palette:\n  base00: \"112233\n  base01: [\n"
        do {
            _ = try ThemeLoader.parse(badYAML, file: "b.yaml")
            Issue.record("expected an error")
        } catch let HerdError.badInput(file, line, cause) {
            #expect(file == "b.yaml")
            #expect(line != nil)
            #expect(cause.contains("not valid YAML"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        let badRole = "palette:\n" + (0..<16).map { String(format: "  base0%X: \"112233\"", $0) }.joined(separator: "\n") + "\nroles:\n  usr: base08\n"
        #expect(throws: HerdError.self) { try ThemeLoader.parse(badRole, file: "r.yaml") }
        do { _ = try ThemeLoader.parse(badRole, file: "r.yaml") } catch let HerdError.badInput(_, line, cause) {
            #expect(line == 19)
            #expect(cause.hasPrefix("unknown role \"usr\""))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func unknownThemeListsWhatExists() {
        #expect(throws: HerdError.self) { try ThemeLoader.load(named: "nope", from: [Self.themesDir]) }
    }
}
