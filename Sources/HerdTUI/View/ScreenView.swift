import HerdCore

/// Renders the whole screen from the state. Pure: the same state gives the same buffer.
public enum ScreenView {
    public static func render(_ state: AppState) -> ScreenBuffer {
        var buf = ScreenBuffer(width: state.cols, height: state.rows)
        render(state, into: &buf)
        return buf
    }

    public static func render(_ state: AppState, into buf: inout ScreenBuffer) {
        guard let (layout, inputLines) = layout(state) else {
            tooSmall(into: &buf)
            return
        }
        drawBackground(key(state, layout), into: &buf)
        drawForeground(state, layout: layout, inputLines: inputLines, into: &buf)
    }

    /// The same cells as `render(_:)`, with the frame, the router panel and an empty conversation's
    /// welcome taken from `cache` when nothing they show changed since its last frame.
    public static func render(_ state: AppState, cache: ViewCache) -> ScreenBuffer {
        guard let (layout, inputLines) = layout(state) else { return render(state) }
        let key = key(state, layout)
        var buf = cache.background(for: key) {
            var bg = ScreenBuffer(width: state.cols, height: state.rows)
            drawBackground(key, into: &bg)
            return bg
        }
        drawForeground(state, layout: layout, inputLines: inputLines, memos: cache, into: &buf)
        cache.endFrame()
        return buf
    }

    /// Where everything goes, with the draft's lines that decide the input box's height; `nil` when
    /// the terminal is too small for the TUI.
    static func layout(_ state: AppState) -> (Layout, [Range<Int>])? {
        guard state.cols >= 20, state.rows >= 8 else { return nil }
        let inputLines = InputBox.lines(state.input, width: state.cols - 4)
        return (Layout(cols: state.cols, rows: state.rows, inputLines: inputLines.count), inputLines)
    }

    static func tooSmall(into buf: inout ScreenBuffer) {
        buf.put("Herd needs at least 20×8", x: 0, y: 0, role: .warning)
    }

    /// What the background shows, from the state.
    static func key(_ state: AppState, _ layout: Layout) -> ViewCache.Key {
        ViewCache.Key(layout: layout, title: state.conversation.title, panel: layout.panel.w > 0 ? RouterPanelInputs(state) : nil,
                      welcome: state.conversation.messages.isEmpty ? ChatPane.welcomeText(state) : nil)
    }

    /// The frame, the router panel and an empty conversation's welcome: what a streaming reply does
    /// not change. They share no cell with the foreground's chat, so drawing them first gives the same screen.
    static func drawBackground(_ key: ViewCache.Key, into buf: inout ScreenBuffer) {
        drawFrame(key.layout, title: key.title, into: &buf)
        if let panel = key.panel { RouterPanel.render(panel, area: key.layout.panel, into: &buf) }
        if let welcome = key.welcome { ChatPane.welcome(welcome, area: key.layout.chat, into: &buf) }
    }

    /// The chat (unless empty: its welcome is background), the input box, the status line and the help overlay, on the background.
    /// With `memos`, messages' lines laid out at earlier frames are taken from it (the same lines).
    static func drawForeground(_ state: AppState, layout: Layout, inputLines: [Range<Int>], memos: ViewCache? = nil, into buf: inout ScreenBuffer) {
        if !state.conversation.messages.isEmpty { ChatPane.render(state, area: layout.chat, memos: memos, into: &buf) }
        InputBox.render(state, lines: inputLines, rows: layout.inputRows, width: state.cols - 4, into: &buf)
        StatusLine.render(state, row: layout.statusRow, into: &buf)
        if state.showHelp { HelpOverlay.render(state.keymap, into: &buf) }
    }

    static func drawFrame(_ l: Layout, title: String, into buf: inout ScreenBuffer) {
        let w = l.cols
        let hasPanel = l.panel.w > 0
        let split = l.chat.x + l.chat.w
        // Whole rows: filling them is the same as putting "─" in every cell, without measuring it each time.
        buf.fill(x: 0, y: 0, width: w, height: 1, text: "─", role: .border)
        buf.fill(x: 0, y: l.separatorRow, width: w, height: 1, text: "─", role: .border)
        buf.put("┌", x: 0, y: 0, role: .border)
        buf.put("┐", x: w - 1, y: 0, role: .border)
        buf.put("├", x: 0, y: l.separatorRow, role: .border)
        buf.put("┤", x: w - 1, y: l.separatorRow, role: .border)
        for y in 1..<l.separatorRow {
            buf.put("│", x: 0, y: y, role: .border)
            buf.put("│", x: w - 1, y: y, role: .border)
            if hasPanel { buf.put("│", x: split, y: y, role: .border) }
        }
        for y in l.inputRows {
            buf.put("│", x: 0, y: y, role: .border)
            buf.put("│", x: w - 1, y: y, role: .border)
        }
        let title = title.isEmpty ? "chat" : "chat · " + title
        buf.put(" " + title + " ", x: 1, y: 0, maxWidth: max(0, l.chat.w - 1), role: .title)
        if hasPanel {
            buf.put("┬", x: split, y: 0, role: .border)
            buf.put("┴", x: split, y: l.separatorRow, role: .border)
            buf.put(" router ", x: split + 1, y: 0, maxWidth: l.panel.w, role: .title)
        }
    }
}
