import Foundation
@testable import HerdTUI
import Testing

/// `Fixed.format` writes what `String(format: "%.Nf")` writes, halfway cases included.
@Suite struct FixedTests {
    static func check(_ x: Double, _ d: Int) {
        #expect(Fixed.format(x, decimals: d) == String(format: "%.\(d)f", x), "\(x) to \(d) decimals")
    }

    @Test func halvesRoundAsPrintfDoes() {
        for d in 0...3 {
            let scale = [1.0, 10, 100, 1000][d]
            for k in 0..<3000 {
                // The decimal halfway points and their neighbours on both sides.
                let half = (Double(k) + 0.5) / scale
                for x in [half, half.nextUp, half.nextDown, -half, Double(k) / scale, (Double(k) / scale).nextDown] {
                    Self.check(x, d)
                }
            }
            for x in [0.0, -0.0, 0.125, 0.375, 2.675, 1.005, 0.5, 1.5, 2.5, 0.045, 1e-300, -1e-9, 999.9995, 123456.78, 4.1e15, 1e20,
                      .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude] {
                Self.check(x, d)
            }
        }
    }

    @Test func randomValuesMatch() {
        var state: UInt64 = 14
        for _ in 0..<50_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let unit = Double(state >> 11) / Double(1 << 53)
            let magnitude = [1.0, 10, 1000, 1e6][Int(state % 4)]
            Self.check((unit - 0.1) * magnitude, Int((state >> 3) % 4))
        }
    }
}
