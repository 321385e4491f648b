import HerdCore

/// What each member costs in seconds to the first token, when at least one was measured: the one
/// rule by which the router turns a fleet's measured latencies into costs (`Router.normalisedCosts`).
///
/// A measured member costs what it was measured at. A member not measured yet costs its size times
/// the seconds per billion parameters this fleet shows: the median over the measured members, with
/// `priorSecondsPerBillion` counted as one more member. The prior is what makes one measurement
/// mean something: without it, a single measured member would set the rate for all, and a member
/// measured slow would cost, relative to the others, exactly what its size says; with it, a member
/// slower than the prior expects is dearer than its size at once, and as more members are measured
/// they outvote the prior.
public enum CostEstimate {
    /// Seconds to the first token per billion parameters that an unmeasured fleet is assumed to
    /// show: between what a GPU (about 0.05) and a CPU (about 0.5) take to read a short chat prompt
    /// into a model of that size. It only weighs as one member among the measured ones.
    public static let priorSecondsPerBillion = 0.25

    /// Seconds for each of `members`, in order: `measured[name]` when there is one, else the
    /// estimate described above (a member of unknown size is taken to be the median known size;
    /// with no size known at all, the median measured time). `nil` when nothing was measured.
    public static func seconds(members: [Member], measured: [String: Double]) -> [Double]? {
        let times = members.compactMap { m in measured[m.name].map { max($0, 0) } }
        guard let fallback = Median.of(times) else { return nil }
        let known = members.compactMap(\.sizeB).filter { $0 > 0 }
        let typicalSize = Median.of(known)
        let rates = members.compactMap { m -> Double? in
            guard let t = measured[m.name], let s = m.sizeB, s > 0 else { return nil }
            return max(t, 0) / s
        }
        let rate = Median.of(rates + [priorSecondsPerBillion]) ?? priorSecondsPerBillion
        return members.map { m in
            if let t = measured[m.name] { return max(t, 0) }
            guard let size = m.sizeB.flatMap({ $0 > 0 ? $0 : nil }) ?? typicalSize, !rates.isEmpty else { return fallback }
            return size * rate
        }
    }
}
