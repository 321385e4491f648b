import Foundation

/// The screen as an in-memory grid of cells. Views render into it; the presenter draws it;
/// tests snapshot it as text.
///
/// Cells are stored packed (`PackedCell`): plain bits, so a frame made from the cached background
/// is a memcpy and the presenter's diff compares integers. Clusters too long to store inline live
/// in `long`, a table this buffer carries along.
public struct ScreenBuffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    private var packed: [PackedCell]
    /// The text of every cell whose cluster is too long to store inline (and of cells since overwritten, until `compact`).
    private(set) var long: [String] = []
    /// Where the terminal cursor should stand, if visible.
    public var cursor: (x: Int, y: Int)?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        packed = Array(repeating: .blank, count: self.width * self.height)
    }

    /// Every cell, row after row.
    public var cells: [Cell] { packed.indices.map(cell) }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        guard a.width == b.width, a.height == b.height, a.cursor?.x == b.cursor?.x, a.cursor?.y == b.cursor?.y else { return false }
        // Without long clusters, equal cells are equal bits.
        if a.long.isEmpty && b.long.isEmpty { return a.packed == b.packed }
        for i in a.packed.indices where !a.same(i, as: b) { return false }
        return true
    }

    public subscript(x: Int, y: Int) -> Cell {
        cell(y * width + x)
    }

    private func cell(_ i: Int) -> Cell {
        let p = packed[i]
        return Cell(text: text(of: p), width: p.width, role: p.role)
    }

    private func text(of p: PackedCell) -> String {
        p.isLong ? long[Int(p.low)] : p.inlineText
    }

    /// Whether cell `i` shows the same as `other`'s cell `i` (the buffers are the same size).
    private func same(_ i: Int, as other: ScreenBuffer) -> Bool {
        Self.same(packed[i], in: self, other.packed[i], in: other)
    }

    /// Whether `p` (a cell of `a`) shows the same as `q` (a cell of `b`): equal bits, unless either
    /// holds a long cluster, whose text is compared byte for byte.
    private static func same(_ p: PackedCell, in a: ScreenBuffer, _ q: PackedCell, in b: ScreenBuffer) -> Bool {
        guard p.isLong || q.isLong else { return p == q }
        return p.width == q.width && p.role == q.role && a.text(of: p).utf8.elementsEqual(b.text(of: q).utf8)
    }

    /// Calls `draw` for each cell to put on the terminal (not the second halves of wide
    /// characters): all of them, or, given `old` (what the terminal shows, of the same size), those
    /// that differ from it. `draw` gets the column, the row, the cell's text NUL-terminated and its role.
    public func forEachCell(changedFrom old: ScreenBuffer?, _ draw: (_ x: Int, _ y: Int, _ text: UnsafePointer<CChar>, _ role: StyleRole) -> Void) {
        let old = old.flatMap { $0.width == width && $0.height == height ? $0 : nil }
        // Without long clusters on either side, equal rows are equal bytes: most rows of a frame
        // are, and are passed over with one memcmp each (this runs at every frame).
        let rowsByBytes = long.isEmpty && old?.long.isEmpty == true
        let before = old?.packed ?? []
        packed.withUnsafeBufferPointer { cells in
            before.withUnsafeBufferPointer { prev in
                for y in 0..<height {
                    let row = y * width
                    if rowsByBytes, memcmp(cells.baseAddress! + row, prev.baseAddress! + row, width * MemoryLayout<PackedCell>.stride) == 0 { continue }
                    for i in row..<(row + width) {
                        let p = cells[i]
                        if p.isContinuation { continue }
                        if let old, Self.same(p, in: self, prev[i], in: old) { continue }
                        if p.isLong {
                            long[Int(p.low)].withCString { draw(i - row, y, $0, p.role) }
                        } else {
                            p.withInlineCString { draw(i - row, y, $0, p.role) }
                        }
                    }
                }
            }
        }
    }

    /// Stores `text` in cell `i`.
    private mutating func store(_ text: some StringProtocol, width w: UInt8, role: StyleRole, at i: Int) {
        packed[i] = pack(text, width: w, role: role)
    }

    /// `text` as a cell, its cluster put in `long` when it is too long to store inline.
    private mutating func pack(_ text: some StringProtocol, width w: UInt8, role: StyleRole) -> PackedCell {
        if let p = PackedCell(inline: text.utf8, width: w, role: role) { return p }
        // Overwritten long cells leave their text behind: drop those before the table outgrows the screen.
        if long.count >= max(64, packed.count) { compact() }
        long.append(String(text))
        return PackedCell(longIndex: long.count - 1, width: w, role: role)
    }

    /// Keeps in `long` only the texts cells still show.
    private mutating func compact() {
        var kept: [String] = []
        var moved: [Int: Int] = [:]
        for i in packed.indices where packed[i].isLong {
            let old = Int(packed[i].low)
            if moved[old] == nil {
                moved[old] = kept.count
                kept.append(long[old])
            }
            packed[i].low = UInt64(moved[old]!)
        }
        long = kept
    }

    /// Fills a rectangle with one character and role.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, text: String = " ", role: StyleRole = .normal) {
        guard w > 0, h > 0 else { return }
        let rows = max(0, y)..<min(height, y + h), cols = max(0, x)..<min(width, x + w)
        guard !rows.isEmpty, !cols.isEmpty else { return }
        let cell = pack(text, width: 1, role: role)
        for row in rows {
            for col in cols { packed[row * width + col] = cell }
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
                    packed[y * width + col] = PackedCell(ascii: b, role: role)
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
                    while back > x, packed[y * width + back].isContinuation { back -= 1 }
                    let j = y * width + back
                    store(text(of: packed[j]) + String(shown), width: packed[j].width, role: packed[j].role, at: j)
                }
                continue
            }
            if col + w > limit { break }
            if col >= 0 {
                clearWide(at: col, y: y)
                let r = shown == ch ? role : .inert
                // Packed from the Character's bytes: a String is made only for a long cluster.
                packed[y * width + col] = PackedCell(inline: shown.utf8, width: UInt8(w), role: r) ?? pack(String(shown), width: UInt8(w), role: r)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    packed[y * width + col + 1] = .continuation
                }
            }
            col += w
        }
        return col - x
    }

    /// Sets the role of a run of cells without touching their text.
    public mutating func style(x: Int, y: Int, width w: Int, role: StyleRole) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<min(width, x + w) { packed[y * width + col].role = role }
    }

    /// Overwriting half of a wide character blanks its other half, so no stray halves remain.
    @inline(__always)
    private mutating func clearWide(at col: Int, y: Int) {
        guard col >= 0, col < width else { return }
        let i = y * width + col
        if packed[i].isContinuation, col > 0 {
            packed[i - 1] = PackedCell(ascii: 0x20, role: packed[i - 1].role)
        } else if packed[i].width == 2, col + 1 < width {
            packed[i + 1] = PackedCell(ascii: 0x20, role: packed[i].role)
        }
    }

    /// One row as text (continuation cells skipped), for snapshots.
    public func row(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !packed[y * width + x].isContinuation { s += text(of: packed[y * width + x]) }
        return s
    }

    /// The whole buffer as text, one line per row, trailing spaces kept so widths are visible.
    public var text: String {
        (0..<height).map { row($0) }.joined(separator: "\n")
    }
}
