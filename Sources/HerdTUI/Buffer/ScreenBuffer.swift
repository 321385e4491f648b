/// The screen as an in-memory grid of cells. Views render into it; the presenter draws it;
/// tests snapshot it as text.
public struct ScreenBuffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should stand, if visible.
    public var cursor: (x: Int, y: Int)?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
            && a.cursor?.x == b.cursor?.x && a.cursor?.y == b.cursor?.y
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Fills a rectangle with one character and role.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, text: String = " ", role: StyleRole = .normal) {
        guard w > 0, h > 0 else { return }
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) {
                cells[row * width + col] = Cell(text: text, width: 1, role: role)
            }
        }
    }

    /// Writes `string` at (x, y), clipped to `maxWidth` columns (and the buffer's edge).
    /// Control characters are shown inert (as control pictures), never passed through.
    /// Returns the number of columns used.
    @discardableResult
    public mutating func put(_ string: some StringProtocol, x: Int, y: Int, maxWidth: Int? = nil, role: StyleRole = .normal) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + $0 } ?? width)
        var col = x
        let utf8 = string.utf8
        var i = string.startIndex
        let end = string.endIndex
        while i < end {
            // Printable ASCII followed by ASCII (or nothing) is a character of its own, one column
            // wide and safe: no Character is made for it (this runs for every cell of every frame).
            let b = utf8[i]
            let next = utf8.index(after: i)
            if b >= 0x20, b < 0x7F, next == end || utf8[next] < 0x80 {
                if col + 1 > limit { break }
                if col >= 0 {
                    clearWide(at: col, y: y)
                    cells[y * width + col] = Cell(text: Self.ascii[Int(b)], width: 1, role: role)
                }
                col += 1
                i = next
                continue
            }
            let ch = string[i]
            i = string.index(after: i)
            let shown = TextWidth.inert(ch)
            let w = TextWidth.width(of: shown)
            if w == 0 {
                // Combining marks and zero-width characters join the previous cell.
                if col > x, col - 1 < width, col - 1 >= 0 {
                    var back = col - 1
                    while back > x, cells[y * width + back].isContinuation { back -= 1 }
                    cells[y * width + back].text += String(shown)
                }
                continue
            }
            if col + w > limit { break }
            if col >= 0 {
                clearWide(at: col, y: y)
                cells[y * width + col] = Cell(text: String(shown), width: UInt8(w), role: shown == ch ? role : .inert)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    cells[y * width + col + 1] = .continuation
                }
            }
            col += w
        }
        return col - x
    }

    /// Each ASCII byte as a string, made once.
    private static let ascii: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// Sets the role of a run of cells without touching their text.
    public mutating func style(x: Int, y: Int, width w: Int, role: StyleRole) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<min(width, x + w) { cells[y * width + col].role = role }
    }

    /// Overwriting half of a wide character blanks its other half, so no stray halves remain.
    private mutating func clearWide(at col: Int, y: Int) {
        guard col >= 0, col < width else { return }
        let i = y * width + col
        if cells[i].isContinuation, col > 0 {
            cells[i - 1] = Cell(text: " ", width: 1, role: cells[i - 1].role)
        } else if cells[i].width == 2, col + 1 < width {
            cells[i + 1] = Cell(text: " ", width: 1, role: cells[i].role)
        }
    }

    /// One row as text (continuation cells skipped), for snapshots.
    public func row(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
        return s
    }

    /// The whole buffer as text, one line per row, trailing spaces kept so widths are visible.
    public var text: String {
        (0..<height).map { row($0) }.joined(separator: "\n")
    }
}
