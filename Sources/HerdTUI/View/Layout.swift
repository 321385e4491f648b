/// Where each part of the screen goes for a terminal size.
public struct Layout: Sendable, Equatable {
    public var cols: Int
    public var rows: Int
    /// Chat pane interior: x, y, width, height.
    public var chat: (x: Int, y: Int, w: Int, h: Int)
    /// Router panel interior; width 0 when the terminal is too narrow for it.
    public var panel: (x: Int, y: Int, w: Int, h: Int)
    public var separatorRow: Int
    public var inputRows: Range<Int>
    public var statusRow: Int

    public static func == (a: Layout, b: Layout) -> Bool {
        a.cols == b.cols && a.rows == b.rows && a.separatorRow == b.separatorRow && a.inputRows == b.inputRows
    }

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
            chat = (1, 1, chatW, contentH)
            panel = (chatW + 2, 1, panelW, contentH)
        } else {
            chat = (1, 1, max(0, cols - 2), contentH)
            panel = (cols, 1, 0, contentH)
        }
    }
}
