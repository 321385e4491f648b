import Foundation

/// `String(format: "%.Nf", x)` for N in 0…3, to the same text, without Foundation's formatter.
///
/// Why: the router panel and the status line format numbers on every frame, and on Linux
/// `String(format:)` cost more than drawing the panel's text (profiled: 4 % of the TUI's CPU
/// while a reply streams). The rounding is printf's: the exact binary value is rounded to the
/// nearest, halfway cases to even.
enum Fixed {
    static func format(_ x: Double, decimals d: Int) -> String {
        let scale: Double
        switch d {
        case 0: scale = 1
        case 1: scale = 10
        case 2: scale = 100
        case 3: scale = 1000
        default: return String(format: "%.\(d)f", x)
        }
        let a = x.magnitude
        let p = a * scale
        // Beyond 2^52 a double has no halves to round; far beyond what a panel shows anyway.
        guard x.isFinite, p < 4.0e15 else { return String(format: "%.\(d)f", x) }
        // a * scale is exactly p + e (a fused multiply-add leaves the product's rounding error).
        let e = (-p).addingProduct(a, scale)
        let whole = p.rounded(.down)
        let frac = p - whole
        var n = UInt64(whole)
        // frac is a multiple of p's ulp, as is 0.5, and |e| is at most half an ulp: only an exact
        // half needs e to tell which way the true value lies.
        if frac > 0.5 || (frac == 0.5 && (e > 0 || (e == 0 && n % 2 == 1))) { n += 1 }
        var digits = String(n)
        if d > 0 {
            if digits.utf8.count <= d { digits = String(repeating: "0", count: d + 1 - digits.utf8.count) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
        }
        return x.sign == .minus ? "-" + digits : digits
    }
}
