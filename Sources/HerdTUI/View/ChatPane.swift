import HerdCore

/// The conversation, newest at the bottom, scrolled by `state.scroll` lines.
enum ChatPane {
    static func render(_ state: AppState, area: Rect, memos: ViewCache? = nil, into buf: inout ScreenBuffer) {
        guard area.w > 2, area.h > 0 else { return }
        let msgs = state.conversation.messages
        if msgs.isEmpty {
            welcome(state, area: area, into: &buf)
            return
        }
        // Lay out from the newest message back, only as far as the screen needs.
        let need = area.h + state.scroll
        var lines: [StyledLine] = []
        var i = msgs.count - 1
        while i >= 0, lines.count < need {
            let last = i == msgs.count - 1
            if let g = msgs[i].group {
                // Several answers to one prompt are laid out together (columns, or cascade steps).
                var start = i
                while start > 0, msgs[start - 1].group?.id == g.id { start -= 1 }
                let round = state.compare?.group == g.id ? state.compare : nil
                let block = AnswerGroupView.layout(Array(msgs[start...i]), round: round, width: area.w - 2, atLeast: need - lines.count)
                lines.insert(contentsOf: block + (last ? [] : [[]]), at: 0)
                i = start - 1
                continue
            }
            let block = layout(msgs[i], width: area.w - 2, isLast: last, atLeast: need - lines.count, memo: memos?.memo(for: msgs[i].id))
            lines.insert(contentsOf: block + (last ? [] : [[]]), at: 0)
            i -= 1
        }
        // Scrolled past the loaded window of a long conversation: say where the rest is.
        if i < 0, state.conversation.earlier > 0 {
            let id = state.conversation.id.uuidString.prefix(8).lowercased()
            lines.insert(contentsOf: [[Span("… \(state.conversation.earlier) earlier messages: herd export \(id)", .dim)], []], at: 0)
        }
        let scroll = min(state.scroll, max(0, lines.count - area.h))
        let end = lines.count - scroll
        let start = max(0, end - area.h)
        let visible = lines[start..<end]
        // Short conversations sit at the top of the pane.
        var y = area.y
        for line in visible {
            var x = area.x + 1
            for span in line {
                x += buf.put(span.text, x: x, y: y, maxWidth: area.x + area.w - x, role: span.role)
            }
            y += 1
        }
        if scroll > 0 {
            let tag = " ↓ \(scroll) more "
            buf.put(tag, x: area.x + area.w - TextWidth.width(of: tag), y: area.y + area.h - 1, role: .accent)
        }
    }

    /// One message as styled lines: all of them, or only its last `atLeast` when it is longer.
    /// With `memo` (the message's own), its text's lines laid out at earlier frames are taken from it.
    static func layout(_ m: Message, width: Int, isLast: Bool, atLeast: Int = .max, memo: MarkdownMemo? = nil) -> [StyledLine] {
        let label: StyledLine
        switch m.role {
        case .user: label = [Span("you", .user), Span(" ▸ ", .dim)]
        case .system: label = [Span("system", .dim), Span(" ▸ ", .dim)]
        case .assistant:
            let pinned = m.decision.map { $0.mode == .pinned || $0.mode == .pinnedOnce } ?? false
            let retry = m.decision?.mode == .retry
            label = [Span(m.member ?? "routing…", .member), Span(pinned ? " ◆ " : retry ? " ↻ " : " ▸ ", .dim)]
        }
        var text = m.text
        if m.role == .assistant, m.status == .streaming { text += "▍" }
        var lines = Markdown.renderTail(text, width: width, label: label, indent: 2, atLeast: atLeast, memo: memo)
        for step in m.failovers {
            lines += StyledWrap.wrap(Markdown.chars("↪ " + step, .dim), width: width, firstPrefix: [Span("  ")], indent: 4)
        }
        switch m.status {
        case .stopped: lines.append([Span("  "), Span("■ stopped", .warning)])
        case let .failed(reason): lines += StyledWrap.wrap(Markdown.chars("✗ failed: " + reason, .error), width: width, firstPrefix: [Span("  ")], indent: 4)
        default: break
        }
        if let r = m.rating { lines.append([Span("  "), Span(r > 0 ? "▲ rated up" : "▼ rated down", .dim)]) }
        return lines
    }

    static func welcome(_ state: AppState, area: Rect, into buf: inout ScreenBuffer) {
        welcome(welcomeText(state), area: area, into: &buf)
    }

    /// What an empty conversation shows: how to start, and how the herd stands.
    static func welcomeText(_ state: AppState) -> String {
        let reachable = state.members.filter(\.reachable).count
        var text = "Type a message and press Enter: the router picks the member of your herd most likely to answer it well.\n\n"
        if state.findingHerd {
            text += "Finding your herd: asking the model servers what they serve…"
        } else if state.members.isEmpty {
            text += "No members yet: start a model server (Ollama, llama-server, LM Studio, vLLM) or pass --server URL."
        } else {
            text += "\(reachable) of \(state.members.count) members reachable. Alt-1…9 pins one, [ and ] move λ, F1 lists every key."
        }
        return text
    }

    /// Draws `welcomeText` in the pane; it depends on nothing else.
    static func welcome(_ text: String, area: Rect, into buf: inout ScreenBuffer) {
        guard area.w > 2, area.h > 0 else { return }
        let lines = Markdown.render(text, width: area.w - 2, baseRole: .dim)
        for (n, line) in lines.prefix(area.h).enumerated() {
            var x = area.x + 1
            for span in line { x += buf.put(span.text, x: x, y: area.y + n, maxWidth: area.x + area.w - x, role: span.role) }
        }
    }
}
