import Foundation
import HerdCore

/// Cold-start confidence for a member with no routing data, from what is known of it: its size,
/// its family and whether it is instruction-tuned.
///
/// A logistic line in ln(size) — logit p = intercept + slope · ln(billions) — fitted to the mean
/// accuracy of the members a router was trained on, plus a shrunken offset for each family those
/// members show (a family that scores below its size's line drags its unseen relatives down too).
/// Logistic rather than linear so that a 135M model and a 3M one stay apart instead of both
/// hitting a floor.
public struct SizePrior: Sendable, Hashable, Codable {
    public var intercept: Double
    public var slope: Double
    /// Per family (`ModelIdentity.family`): the family's mean logit residual, halved.
    public var familyOffsets: [String: Double]

    /// Fitted on the 27 open models of MMLU-Pro (sizes from their model cards, mean accuracy):
    /// 3.8B → 0.27, 8B → 0.31, 70B → 0.46, and 135M → 0.12.
    public static let `default` = SizePrior(intercept: -1.395, slope: 0.295)

    /// A base model continues text rather than answering a chat message; its prior is scaled by this.
    public static let baseModelFactor = 0.5

    public init(intercept: Double, slope: Double, familyOffsets: [String: Double] = [:]) {
        self.intercept = intercept
        self.slope = slope
        self.familyOffsets = familyOffsets
    }

    private enum Keys: String, CodingKey { case intercept, slope, familyOffsets }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        intercept = try c.decode(Double.self, forKey: .intercept)
        slope = try c.decode(Double.self, forKey: .slope)
        familyOffsets = try c.decodeIfPresent([String: Double].self, forKey: .familyOffsets) ?? [:]
    }

    /// The prior for a model of `sizeB` billions (which must be known: see `Router` for members whose
    /// size is not), of a family and tuning when known.
    public func confidence(sizeB: Double, family: String? = nil, variant: ModelIdentity.Variant = .unknown) -> Double {
        let z = intercept + slope * log(max(sizeB, 1e-6)) + (family.flatMap { familyOffsets[$0] } ?? 0)
        let p = 1 / (1 + exp(-z))
        return variant == .base ? p * Self.baseModelFactor : p
    }

    /// Least-squares fit of logit(mean accuracy) on ln(size); a level line when sizes agree.
    public static func fit(_ points: [(sizeB: Double, accuracy: Double, family: String?)]) -> SizePrior {
        let usable = points.filter { $0.sizeB > 0 }
        guard !usable.isEmpty else { return .default }
        func logit(_ p: Double) -> Double { let q = min(max(p, 0.01), 0.99); return log(q / (1 - q)) }
        let xs = usable.map { log($0.sizeB) }, ys = usable.map { logit($0.accuracy) }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxx = 0.0, sxy = 0.0
        for (x, y) in zip(xs, ys) { sxx += (x - mx) * (x - mx); sxy += (x - mx) * (y - my) }
        // Fewer than two sizes cannot give a slope; keep the generic one rather than a flat line.
        let slope = sxx > 1e-9 && usable.count >= 3 ? max(sxy / sxx, 0) : Self.default.slope
        let intercept = my - slope * mx
        var residuals: [String: [Double]] = [:]
        for (i, p) in usable.enumerated() {
            guard let f = p.family else { continue }
            residuals[f, default: []].append(ys[i] - (intercept + slope * xs[i]))
        }
        // Halved: one family's past models say something, not everything, about its next one.
        let offsets = residuals.mapValues { r in 0.5 * r.reduce(0, +) / Double(r.count) }
        return SizePrior(intercept: intercept, slope: slope, familyOffsets: usable.count >= 3 ? offsets : [:])
    }
}
