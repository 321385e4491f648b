import HerdCore

/// Renders the whole screen from the state. Pure: the same state gives the same buffer.
public enum ScreenView {
    public static func render(_ state: AppState) -> ScreenBuffer {
        var buf = ScreenBuffer(width: state.cols, height: state.rows)
        render(state, into: &buf)
        return buf
    }

    public static func render(_ state: AppState, into buf: inout ScreenBuffer) {
        guard state.cols >= 20, state.rows >= 8 else {
            buf.put("Herd needs at least 20×8", x: 0, y: 0, role: .warning)
            return
        }
        let innerW = state.cols - 4
        let inputLayout = InputBox.lines(state.input, width: innerW)
        let layout = Layout(cols: state.cols, rows: state.rows, inputLines: inputLayout.count)
        drawFrame(layout, state: state, into: &buf)
        ChatPane.render(state, area: layout.chat, into: &buf)
        if layout.panel.w > 0 { RouterPanel.render(state, area: layout.panel, into: &buf) }
        InputBox.render(state, lines: inputLayout, rows: layout.inputRows, width: innerW, into: &buf)
        StatusLine.render(state, row: layout.statusRow, into: &buf)
        if state.showHelp { HelpOverlay.render(state.keymap, into: &buf) }
    }

    static func drawFrame(_ l: Layout, state: AppState, into buf: inout ScreenBuffer) {
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
        let title = state.conversation.title.isEmpty ? "chat" : "chat · " + state.conversation.title
        buf.put(" " + title + " ", x: 1, y: 0, maxWidth: max(0, l.chat.w - 1), role: .title)
        if hasPanel {
            buf.put("┬", x: split, y: 0, role: .border)
            buf.put("┴", x: split, y: l.separatorRow, role: .border)
            buf.put(" router ", x: split + 1, y: 0, maxWidth: l.panel.w, role: .title)
        }
    }
}
