import HerdCore
/// Where each part of the screen goes for a terminal size.
public struct Layout: Sendable, Hashable {
    public var cols: Int
    public var rows: Int
    /// Chat pane interior.
    public var chat: Rect
    /// Router panel interior; width 0 when the terminal is too narrow for it.
    public var panel: Rect
    public var separatorRow: Int
    public var inputRows: Range<Int>
    public var statusRow: Int

    /// The input box grows with its text, up to 5 lines or a third of the screen.
    public init(cols: Int, rows: Int, inputLines: Int) {
        self.cols = cols
        self.rows = rows
        let maxInput = max(1, min(5, (rows - 4) / 3))
        let inLines = max(1, min(inputLines, maxInput))
        statusRow = rows - 1
        inputRows = (rows - 1 - inLines)..<(rows - 1)
        separatorRow = inputRows.lowerBound - 1
        let contentH = max(0, separatorRow - 1)
        let panelW = cols >= 48 ? min(36, max(22, cols * 34 / 100)) : 0
        if panelW > 0 {
            let chatW = cols - panelW - 3
            chat = Rect(x: 1, y: 1, w: chatW, h: contentH)
            panel = Rect(x: chatW + 2, y: 1, w: panelW, h: contentH)
        } else {
            chat = Rect(x: 1, y: 1, w: max(0, cols - 2), h: contentH)
            panel = Rect(x: cols, y: 1, w: 0, h: contentH)
        }
    }
}
