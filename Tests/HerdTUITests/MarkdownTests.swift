@testable import HerdTUI
import Testing

@Suite struct MarkdownTests {
    static func text(_ lines: [StyledLine]) -> String {
        lines.map { $0.map(\.text).joined() }.joined(separator: "\n")
    }

    static func roles(_ lines: [StyledLine], of word: String) -> Set<StyleRole> {
        Set(lines.flatMap { $0 }.filter { $0.text.contains(word) }.map(\.role))
    }

    @Test func intrawordUnderscoresAreText() {
        // SmolLM2's reply as a new user saw it: CommonMark forbids emphasis inside a word.
        let lines = Markdown.render("def reverse_string(input_str):\n    return input_str[::-1]", width: 80)
        #expect(Self.text(lines).contains("def reverse_string(input_str):"))
        #expect(Self.text(lines).contains("return input_str[::-1]"))
    }

    @Test func inlineMarkupFollowsCommonMark() {
        let lines = Markdown.render("Some *italic*, **bold**, _under_ and `a_b*c`; 2 * 3 * 4; \\*not\\* &amp; [link](http://x)", width: 200)
        #expect(Self.text(lines) == "Some italic, bold, under and a_b*c; 2 * 3 * 4; *not* & link")
        #expect(Self.roles(lines, of: "italic") == [.italic])
        #expect(Self.roles(lines, of: "bold") == [.bold])
        #expect(Self.roles(lines, of: "under") == [.italic])
        #expect(Self.roles(lines, of: "a_b*c") == [.code])
    }

    @Test func blockMarkersInsideALineAreNotBlocks() {
        // Each line's inline text is parsed alone; a list item's body that looks like a heading stays text.
        let lines = Markdown.render("- # not a heading\n1. > not a quote", width: 80)
        #expect(Self.text(lines) == "• # not a heading\n1. > not a quote")
    }

    @Test func anUnclosedFenceStaysCodeWhileStreaming() {
        let lines = Markdown.render("Here:\n```python\nx = a_b * c_d\n**not bold**", width: 80)
        #expect(Self.roles(lines, of: "**not bold**") == [.code])
        #expect(Self.roles(lines, of: "a_b * c_d") == [.code])
    }
}
