/// Word wrap by display width.
public enum TextWrap {
    /// Breaks `text` into lines of at most `width` columns: at spaces where possible, inside a word
    /// only when the word alone is too long. Newlines in `text` always break.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            wrapParagraph(paragraph, width: width, into: &out)
        }
        return out
    }

    static func wrapParagraph(_ p: Substring, width: Int, into out: inout [String]) {
        if p.isEmpty { out.append(""); return }
        var line = ""
        var lineWidth = 0
        var word = ""
        var wordWidth = 0
        var pendingSpace = ""
        var pendingSpaceWidth = 0

        func flushWord() {
            guard !word.isEmpty else { return }
            if lineWidth + pendingSpaceWidth + wordWidth <= width {
                line += pendingSpace + word
                lineWidth += pendingSpaceWidth + wordWidth
            } else {
                if !line.isEmpty { out.append(line) }
                line = ""
                lineWidth = 0
                // A word longer than the line is cut by columns.
                for ch in word {
                    let w = TextWidth.width(of: TextWidth.inert(ch))
                    if lineWidth + w > width, !line.isEmpty {
                        out.append(line)
                        line = ""
                        lineWidth = 0
                    }
                    line.append(ch)
                    lineWidth += w
                }
            }
            word = ""
            wordWidth = 0
            pendingSpace = ""
            pendingSpaceWidth = 0
        }

        for ch in p {
            if ch == " " {
                flushWord()
                if !line.isEmpty || !out.isEmpty || lineWidth == 0 {
                    pendingSpace.append(ch)
                    pendingSpaceWidth += 1
                }
            } else {
                word.append(ch)
                wordWidth += TextWidth.width(of: TextWidth.inert(ch))
            }
        }
        flushWord()
        out.append(line)
    }
}
