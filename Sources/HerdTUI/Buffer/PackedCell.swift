/// A `Cell` as `ScreenBuffer` stores it: plain bits, so that copying a screen is a memcpy and
/// comparing two cells compares integers. Why: a `Cell` holds a `String`, and copying the cached
/// background, freeing the last frame and diffing it cell by cell retained, released and compared
/// a string per cell at every frame (profiled while a reply streams: more than the chat's layout).
///
/// A grapheme cluster of up to `capacity` UTF-8 bytes (every character but long emoji sequences
/// and stacked combining marks) is stored inline; a longer one is an index into its buffer's
/// table of long clusters. Inline bytes past `count` are zero, so equal inline texts are equal bits.
struct PackedCell: Equatable {
    /// UTF-8 bytes 0–7 (low byte first), or a long cluster's index in its buffer's table.
    var low: UInt64
    /// UTF-8 bytes 8–11 (bits 0–31), then `count`, `width` and the role's raw value a byte each:
    /// two words, so that comparing cells is two integer compares.
    var high: UInt64

    /// The most UTF-8 bytes stored inline.
    static let capacity = 12
    /// `count` of a cell whose text is in its buffer's table of long clusters.
    static let long: UInt8 = 0xFF

    static let blank = PackedCell(ascii: 0x20, role: .normal)
    static let continuation = PackedCell(low: 0, bytes: 0, count: 0, width: 0, role: .normal)

    @inline(__always)
    init(low: UInt64, bytes high: UInt32, count: UInt8, width: UInt8, role: StyleRole) {
        self.low = low
        self.high = UInt64(high) | UInt64(count) << 32 | UInt64(width) << 40 | UInt64(role.rawValue) << 48
    }

    /// One printable ASCII byte, one column wide.
    @inline(__always)
    init(ascii: UInt8, role: StyleRole) {
        self.init(low: UInt64(ascii), bytes: 0, count: 1, width: 1, role: role)
    }

    /// `utf8` stored inline; `nil` when it is longer than `capacity` bytes.
    init?(inline utf8: some Collection<UInt8>, width: UInt8, role: StyleRole) {
        var low: UInt64 = 0
        var high: UInt32 = 0
        var n = 0
        for b in utf8 {
            if n < 8 {
                low |= UInt64(b) << (8 * n)
            } else if n < Self.capacity {
                high |= UInt32(b) << (8 * (n - 8))
            } else {
                return nil
            }
            n += 1
        }
        self.init(low: low, bytes: high, count: UInt8(n), width: width, role: role)
    }

    /// A long cluster's cell: its text is entry `index` of the buffer's table.
    init(longIndex index: Int, width: UInt8, role: StyleRole) {
        self.init(low: UInt64(index), bytes: 0, count: Self.long, width: width, role: role)
    }

    var count: UInt8 { UInt8(truncatingIfNeeded: high >> 32) }
    var width: UInt8 { UInt8(truncatingIfNeeded: high >> 40) }
    var role: StyleRole {
        get { StyleRole(rawValue: UInt8(truncatingIfNeeded: high >> 48))! }
        set { high = high & ~(0xFF << 48) | UInt64(newValue.rawValue) << 48 }
    }
    var isLong: Bool { count == Self.long }
    var isContinuation: Bool { width == 0 }

    /// The inline text's bytes, NUL-terminated (the byte after the last is zero). Not for a long cell.
    func withInlineCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        // 16 bytes: the text, zero-padded, and at least one zero after it.
        var bytes = (low.littleEndian, UInt32(truncatingIfNeeded: high).littleEndian, UInt32(0))
        return withUnsafeBytes(of: &bytes) { body($0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
    }

    /// The inline text. Not for a long cell.
    var inlineText: String {
        var bytes = (low.littleEndian, UInt32(truncatingIfNeeded: high).littleEndian)
        return withUnsafeBytes(of: &bytes) { String(decoding: $0.prefix(Int(count)), as: UTF8.self) }
    }
}
