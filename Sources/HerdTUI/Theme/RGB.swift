/// A 24-bit colour.
public struct RGB: Sendable, Hashable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses `rrggbb` or `#rrggbb`.
    public init?(hex: String) {
        var s = Substring(hex.trimmingCharacters(in: .whitespaces))
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        self.init(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }

    /// The nearest colour of the xterm 256-colour palette (cube and grey ramp), for terminals
    /// that cannot define colours.
    public var xterm256: Int {
        func level(_ c: UInt8) -> Int { c < 48 ? 0 : c < 115 ? 1 : (Int(c) - 35) / 40 }
        let steps = [0, 95, 135, 175, 215, 255]
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeDist = dist(steps[ri], steps[gi], steps[bi])
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let grey = avg > 238 ? 23 : max(0, (avg - 3) / 10)
        let gv = 8 + grey * 10
        return dist(gv, gv, gv) < cubeDist ? 232 + grey : cube
    }

    /// The nearest of the 8 basic ANSI colours.
    public var ansi8: Int {
        let basic: [(Int, Int, Int)] = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)]
        return basic.indices.min { dist(basic[$0].0, basic[$0].1, basic[$0].2) < dist(basic[$1].0, basic[$1].1, basic[$1].2) }!
    }

    private func dist(_ r2: Int, _ g2: Int, _ b2: Int) -> Int {
        let dr = Int(r) - r2, dg = Int(g) - g2, db = Int(b) - b2
        return dr * dr * 2 + dg * dg * 4 + db * db * 3
    }
}
