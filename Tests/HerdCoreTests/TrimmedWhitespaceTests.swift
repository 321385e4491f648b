import HerdCore
import Testing

/// `trimmedWhitespace` drops what Foundation's `.whitespacesAndNewlines` would, at either end only.
@Test(arguments: [
    ("  http://a:1/ ", "http://a:1/"),
    ("\t\nx y\r\n", "x y"),
    ("\u{00A0}\u{2003}z\u{2028}", "z"),
    ("   ", ""),
    ("", ""),
    ("a", "a"),
])
func trimsWhiteSpaceAtBothEnds(raw: String, trimmed: String) {
    #expect(raw.trimmedWhitespace == trimmed)
    #expect(raw[...].trimmedWhitespace == trimmed, "a Substring too")
}
