/// Where a member's confidence in a decision comes from, as the panel names it.
public enum ConfidenceSource: Sendable, Hashable, Codable {
    /// The user's own routing data (`herd calibrate`, `herd bench --train`).
    case yourData
    /// The public routing data Herd ships with, under the model's name there.
    case publicData(profile: String)
    /// No data: a prior from the member's size, family and tuning.
    case prior

    /// A short label: "your data", "public: NAME", "prior".
    public var label: String {
        switch self {
        case .yourData: "your data"
        case let .publicData(profile): "public: \(profile)"
        case .prior: "prior"
        }
    }
}
