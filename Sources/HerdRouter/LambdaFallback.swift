import HerdCore

/// A λ range where always asking one member was better than routing on held-out rows: there the
/// router asks that member and says so, so that routing is never worse than the best single
/// member of at most the same cost (on the rows the ranges were fitted on).
public struct LambdaFallback: Sendable, Hashable, Codable {
    /// The range [from, to) of λ; `to` nil means every larger λ.
    public var from: Double
    public var to: Double?
    public var member: String
    /// On the held-out rows: the member's accuracy and the router's worst accuracy in the range.
    public var memberAccuracy: Double
    public var routerAccuracy: Double
    /// Which rows (e.g. "dev").
    public var fittedOn: String

    public init(from: Double, to: Double?, member: String, memberAccuracy: Double, routerAccuracy: Double, fittedOn: String) {
        self.from = from
        self.to = to
        self.member = member
        self.memberAccuracy = memberAccuracy
        self.routerAccuracy = routerAccuracy
        self.fittedOn = fittedOn
    }

    public func covers(_ lambda: Double) -> Bool { lambda >= from && (to.map { lambda < $0 } ?? true) }

    /// What the decision's reason says.
    public var reason: String {
        let range = to.map { String(format: "%.3g–%.3g", from, $0) } ?? String(format: "≥ %.3g", from)
        return String(format: "fallback to %@: at λ %@ it alone beat routing on %@ (%.3f vs %.3f)", member, range, fittedOn,
                      memberAccuracy, routerAccuracy)
    }

    /// The fallback covering `lambda`, if any (the one rule for decide and eval).
    public static func active(_ fallbacks: [LambdaFallback], lambda: Double) -> LambdaFallback? {
        fallbacks.first { $0.covers(lambda) }
    }

    /// Ranges of a λ path (points in increasing λ, each holding until the next) where a member of at
    /// most the point's mean cost is more accurate than routing; adjacent ranges of one member merge.
    public static func fit(path: [RouterEvaluation.SweepPoint], members: [RouterEvaluation.MemberFigure], fittedOn: String) -> [LambdaFallback] {
        var out: [LambdaFallback] = []
        for (k, pt) in path.enumerated() {
            let affordable = members.indices.filter { members[$0].sizeB <= pt.effectiveSize + 1e-12 }
            guard let b = Selection.best(confidences: members.map(\.accuracy), costs: members.map(\.sizeB),
                                              names: members.map(\.member), lambda: 0, eligible: { affordable.contains($0) }),
                  members[b].accuracy > pt.accuracy + 1e-12 else { continue }
            let to = k + 1 < path.count ? path[k + 1].lambda : nil
            if var last = out.last, last.member == members[b].member, last.to == pt.lambda {
                last.to = to
                last.routerAccuracy = min(last.routerAccuracy, pt.accuracy)
                out[out.count - 1] = last
            } else {
                out.append(LambdaFallback(from: pt.lambda, to: to, member: members[b].member, memberAccuracy: members[b].accuracy,
                                          routerAccuracy: pt.accuracy, fittedOn: fittedOn))
            }
        }
        return out
    }

    /// A λ path with the fallbacks in force: inside a range every row goes to its member.
    public static func apply(_ fallbacks: [LambdaFallback], to path: [RouterEvaluation.SweepPoint],
                             members: [RouterEvaluation.MemberFigure]) -> [RouterEvaluation.SweepPoint] {
        guard !fallbacks.isEmpty else { return path }
        var out = path.filter { active(fallbacks, lambda: $0.lambda) == nil }
        for f in fallbacks {
            guard let m = members.first(where: { $0.member == f.member }) else { continue }
            out.append(.init(lambda: f.from, accuracy: m.accuracy, effectiveSize: m.sizeB))
            // Where the range ends, routing resumes in the state the path had reached.
            if let to = f.to, active(fallbacks, lambda: to) == nil, let state = path.last(where: { $0.lambda <= to }) {
                out.append(.init(lambda: to, accuracy: state.accuracy, effectiveSize: state.effectiveSize))
            }
        }
        out.sort { $0.lambda < $1.lambda }
        var merged: [RouterEvaluation.SweepPoint] = []
        for p in out { if merged.last?.lambda == p.lambda { merged[merged.count - 1] = p } else { merged.append(p) } }
        return merged
    }
}
