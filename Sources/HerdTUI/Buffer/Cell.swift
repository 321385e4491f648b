/// One terminal cell: a grapheme cluster, its display width and its style role.
///
/// A wide character occupies its cell (width 2) and the next one, a continuation (width 0, empty text).
public struct Cell: Sendable, Hashable {
    public var text: String
    public var width: UInt8
    public var role: StyleRole

    public init(text: String = " ", width: UInt8 = 1, role: StyleRole = .normal) {
        self.text = text
        self.width = width
        self.role = role
    }

    public static let blank = Cell()
    static let continuation = Cell(text: "", width: 0)
    public var isContinuation: Bool { width == 0 }
}
