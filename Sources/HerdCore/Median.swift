/// The median of a list of numbers: the middle one, or the mean of the two middle ones.
public enum Median {
    /// `nil` for an empty list.
    public static func of(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
