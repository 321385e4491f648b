import Foundation

/// Cold-start confidence for a member with no routing data: a straight line in ln(size),
/// fitted to the trained members when there are any, else a generic default.
public struct SizePrior: Sendable, Hashable, Codable {
    public var intercept: Double
    public var slope: Double

    /// Roughly where open models of 4–70B sit on hard multiple-choice benchmarks.
    public static let `default` = SizePrior(intercept: 0.25, slope: 0.08)

    public init(intercept: Double, slope: Double) {
        self.intercept = intercept
        self.slope = slope
    }

    public func confidence(sizeB: Double?) -> Double {
        guard let s = sizeB, s > 0 else { return min(max(intercept + slope * log(8), 0.05), 0.95) }
        return min(max(intercept + slope * log(s), 0.05), 0.95)
    }

    /// Least-squares fit of mean accuracy on ln(size); falls back to a level line when sizes agree.
    public static func fit(_ points: [(sizeB: Double, accuracy: Double)]) -> SizePrior {
        guard !points.isEmpty else { return .default }
        let xs = points.map { log($0.sizeB) }, ys = points.map(\.accuracy)
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxx = 0.0, sxy = 0.0
        for (x, y) in zip(xs, ys) { sxx += (x - mx) * (x - mx); sxy += (x - mx) * (y - my) }
        guard sxx > 1e-9 else { return SizePrior(intercept: my, slope: 0) }
        let slope = max(sxy / sxx, 0)
        return SizePrior(intercept: my - slope * mx, slope: slope)
    }
}
