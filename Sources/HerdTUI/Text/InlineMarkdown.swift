import CCmarkGFM

/// Inline markup (`code`, *emphasis*, **strong**, links, escapes, entities) as CommonMark defines
/// it, parsed by cmark-gfm rather than by hand: `reverse_string(input_str)` keeps its intraword
/// underscores, as CommonMark requires. Block structure (fences, headings, lists, quotes) stays
/// line by line in `Markdown`, so a reply streaming in renders stably.
enum InlineMarkdown {
    /// The bytes that can start inline markup; a line without any is plain text (most lines).
    private static func isMarkup(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "\\"), UInt8(ascii: "&"),
             UInt8(ascii: "<"), UInt8(ascii: "!"): true
        default: false
        }
    }
    /// Put before the text so that cmark reads it as a paragraph, never as a block (`# x`, `1. x`, `> x`).
    private static let lead = "x "

    static func styled(_ s: String, base: StyleRole) -> [StyledChar] {
        guard s.utf8.contains(where: isMarkup) else { return s.map { StyledChar(ch: $0, role: base) } }
        let source = lead + s
        let parsed = source.withCString { cmark_parse_document($0, source.utf8.count, CMARK_OPT_DEFAULT) }
        guard let doc = parsed, let iter = cmark_iter_new(doc) else { return s.map { StyledChar(ch: $0, role: base) } }
        defer {
            cmark_iter_free(iter)
            cmark_node_free(doc)
        }
        var out: [StyledChar] = []
        out.reserveCapacity(s.count + lead.count)
        var roles: [StyleRole] = [base]
        func append(_ text: String, _ role: StyleRole) {
            for ch in text { out.append(StyledChar(ch: ch, role: role)) }
        }
        func literal(_ node: OpaquePointer?) -> String {
            cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            let node = cmark_iter_get_node(iter)
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            if type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG {
                // Strong inside emphasis (or around it) is shown bold: the terminal has one role per cell.
                if entering {
                    roles.append(type == CMARK_NODE_STRONG || roles.last == .bold ? .bold : .italic)
                } else if roles.count > 1 {
                    roles.removeLast()
                }
            } else if type == CMARK_NODE_TEXT || type == CMARK_NODE_HTML_INLINE {
                append(literal(node), roles.last ?? base)
            } else if type == CMARK_NODE_CODE {
                append(literal(node), .code)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                append(" ", roles.last ?? base)
            }
        }
        // The lead is the paragraph's first two characters, whatever followed it.
        return Array(out.dropFirst(lead.count))
    }
}
