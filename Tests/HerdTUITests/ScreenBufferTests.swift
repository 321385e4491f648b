import HerdCore
@testable import HerdTUI
import Testing

/// The packed cells: long clusters kept whole, equality by what cells show, and the presenter's
/// diff naming exactly the cells that changed.
@Suite struct ScreenBufferTests {
    static let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦"
    static let zalgo = "z\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}"

    /// What `forEachCell` reports, as (x, y, text, role).
    static func drawn(_ buf: ScreenBuffer, since old: ScreenBuffer?) -> [String] {
        var out: [String] = []
        buf.forEachCell(changedFrom: old) { x, y, text, role in out.append("\(x),\(y) \(String(cString: text)) \(role)") }
        return out
    }

    @Test func longClustersAreKeptWhole() {
        var buf = ScreenBuffer(width: 20, height: 2)
        #expect(Self.family.utf8.count > PackedCell.capacity && Self.zalgo.utf8.count > PackedCell.capacity)
        buf.put(Self.family + " " + Self.zalgo + " 中x", x: 1, y: 0, role: .accent)
        #expect(buf[1, 0] == Cell(text: Self.family, width: 2, role: .accent))
        #expect(buf[2, 0].isContinuation)
        #expect(buf[4, 0] == Cell(text: Self.zalgo, width: 1, role: .accent))
        #expect(buf[6, 0] == Cell(text: "中", width: 2, role: .accent))
        #expect(buf.row(0) == " \(Self.family) \(Self.zalgo) 中x" + String(repeating: " ", count: 11))
        // Twelve bytes fit inline, thirteen do not: both read back the same.
        buf.put("é\u{301}\u{301}\u{301}\u{301}\u{301}", x: 0, y: 1)
        buf.put("e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}", x: 2, y: 1)
        #expect(buf[0, 1].text.utf8.count == 12 && buf[0, 1].text == "é\u{301}\u{301}\u{301}\u{301}\u{301}")
        #expect(buf[2, 1].text.utf8.count == 13 && buf[2, 1].text == "e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}")
    }

    @Test func equalityIsByWhatCellsShow() {
        // The same screen reached by different paths: one buffer overwrote long clusters first.
        var a = ScreenBuffer(width: 10, height: 2)
        a.put(Self.zalgo + Self.zalgo, x: 0, y: 0)
        a.put("ab", x: 0, y: 0)
        a.put(Self.family, x: 3, y: 1)
        var b = ScreenBuffer(width: 10, height: 2)
        b.put("ab", x: 0, y: 0)
        b.put(Self.family, x: 3, y: 1)
        #expect(a.long.count > b.long.count)
        #expect(a == b)
        #expect(a.cells == b.cells)
        #expect(Self.drawn(a, since: b).isEmpty)
        b.put(Self.zalgo, x: 3, y: 1)
        #expect(a != b)
        b.put(Self.family, x: 3, y: 1)
        #expect(a == b)
        b.style(x: 3, y: 1, width: 1, role: .dim)
        #expect(a != b)
    }

    @Test func theDiffNamesTheChangedCells() {
        var old = ScreenBuffer(width: 8, height: 2)
        old.put("abc 中", x: 0, y: 0)
        old.put(Self.family, x: 0, y: 1)
        let full = Self.drawn(old, since: nil)
        #expect(full.count == 7 + 7, "every cell but the second halves of wide ones")
        #expect(full.contains("0,1 \(Self.family) normal") && full.contains("4,0 中 normal") && !full.contains { $0.hasPrefix("5,0") })
        var new = old
        new.put("x", x: 1, y: 0)
        new.put(Self.zalgo, x: 0, y: 1)
        new.style(x: 7, y: 1, width: 1, role: .dim)
        #expect(Self.drawn(new, since: old) == ["1,0 x normal", "0,1 \(Self.zalgo) normal", "1,1   normal", "7,1   dim"])
        // Without long clusters, rows that did not change are passed over whole; the others cell by cell.
        var plainOld = ScreenBuffer(width: 6, height: 3)
        plainOld.put("ab 中", x: 0, y: 0)
        plainOld.put("same", x: 0, y: 1)
        var plainNew = plainOld
        plainNew.put("x", x: 3, y: 0)
        plainNew.put("q", x: 5, y: 2, role: .accent)
        #expect(plainOld.long.isEmpty && plainNew.long.isEmpty)
        #expect(Self.drawn(plainNew, since: plainOld) == ["3,0 x normal", "4,0   normal", "5,2 q accent"])
        #expect(Self.drawn(plainNew, since: plainNew).isEmpty)
        // Another size: drawn whole.
        #expect(Self.drawn(new, since: ScreenBuffer(width: 8, height: 3)).count == 15)
    }

    @Test func overwrittenLongClustersDoNotPileUp() {
        var buf = ScreenBuffer(width: 4, height: 1)
        for n in 0..<500 {
            buf.put(Self.zalgo + String(n % 10), x: 0, y: 0)
            #expect(buf.long.count <= 64)
        }
        #expect(buf[0, 0].text == Self.zalgo && buf[1, 0].text == "9")
        var ref = ScreenBuffer(width: 4, height: 1)
        ref.put(Self.zalgo + "9", x: 0, y: 0)
        #expect(buf == ref)
    }
}
