import Foundation

/// Blends the predictors' logits per output and calibrates the result in one step: a logistic
/// regression on held-out predictions (Platt scaling generalised to several inputs), so that a
/// displayed 0.71 is right about 71% of the time.
public struct BlendCalibrator: Sendable, Hashable, Codable {
    /// Number of inputs (predictor logits) per output.
    public var inputs: Int
    /// Per output: `inputs` weights then the bias.
    public var weights: [[Double]]

    public init(inputs: Int, weights: [[Double]]) {
        self.inputs = inputs
        self.weights = weights
    }

    /// The identity blend: the first input's logit, unchanged.
    public static func identity(inputs: Int, outputs: Int) -> BlendCalibrator {
        BlendCalibrator(inputs: inputs, weights: Array(repeating: [1] + Array(repeating: 0, count: inputs), count: outputs))
    }

    public func probability(output m: Int, _ features: [Float]) -> Double {
        let w = weights[m]
        var s = w[inputs]
        for i in 0..<inputs { s += w[i] * Double(features[i]) }
        return 1 / (1 + exp(-s))
    }

    /// Fits one output's weights by Newton's method with a small ridge.
    /// - Parameters:
    ///   - features: rows of `inputs` logits.
    ///   - targets: outcomes in 0…1, same order.
    public static func fit(features: [[Float]], targets: [Float], inputs: Int, ridge: Double = 1e-2) -> [Double] {
        let d = inputs + 1
        var w = [Double](repeating: 0, count: d)
        if inputs > 0 { w[0] = 1 }
        guard !features.isEmpty else { return w }
        for _ in 0..<30 {
            var g = [Double](repeating: 0, count: d)
            var hess = [Double](repeating: 0, count: d * d)
            for (row, y) in zip(features, targets) {
                var x = row.map(Double.init); x.append(1)
                var s = 0.0
                for i in 0..<d { s += w[i] * x[i] }
                let p = 1 / (1 + exp(-s))
                let e = p - Double(y)
                let v = max(p * (1 - p), 1e-9)
                for i in 0..<d {
                    g[i] += e * x[i]
                    for j in 0..<d { hess[i * d + j] += v * x[i] * x[j] }
                }
            }
            for i in 0..<inputs { g[i] += ridge * w[i]; hess[i * d + i] += ridge }
            hess[(d - 1) * d + (d - 1)] += 1e-9
            guard let step = solve(hess, g, d) else { break }
            var change = 0.0
            for i in 0..<d { w[i] -= step[i]; change = max(change, abs(step[i])) }
            if change < 1e-7 { break }
        }
        return w
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        var m = a, v = b
        for col in 0..<n {
            var pivot = col
            for r in col..<n where abs(m[r * n + col]) > abs(m[pivot * n + col]) { pivot = r }
            guard abs(m[pivot * n + col]) > 1e-12 else { return nil }
            if pivot != col {
                for j in 0..<n { m.swapAt(col * n + j, pivot * n + j) }
                v.swapAt(col, pivot)
            }
            for r in (col + 1)..<n {
                let f = m[r * n + col] / m[col * n + col]
                if f == 0 { continue }
                for j in col..<n { m[r * n + j] -= f * m[col * n + j] }
                v[r] -= f * v[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = v[r]
            for j in (r + 1)..<n { s -= m[r * n + j] * x[j] }
            x[r] = s / m[r * n + r]
        }
        return x
    }
}
