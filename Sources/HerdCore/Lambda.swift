/// λ, the quality ↔ cost knob of Tryage's objective `confidence − λ·cost`: 0 takes the member most
/// likely to answer well whatever it costs; larger values prefer cheaper members.
///
/// The one place λ is validated: the config, `--lambda` on every command, `/lambda` and `[`/`]`
/// all make their λ here, so they accept the same values.
public struct Lambda: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let value: Double

    /// The product's default.
    public static let `default` = Lambda(checked: 0.3)
    public static let zero = Lambda(checked: 0)
    /// The rule, phrased for error messages.
    public static let rule = "λ must be 0 or more (0: best answer whatever the cost)"

    /// `nil` unless `value` is finite and not negative.
    public init?(_ value: Double) {
        guard value.isFinite, value >= 0 else { return nil }
        self.value = value
    }

    /// For values known to be valid (constants, sweeps); traps otherwise.
    public init(checked value: Double) {
        guard let l = Lambda(value) else { preconditionFailure("\(value): \(Lambda.rule)") }
        self = l
    }

    /// λ as a user types it (`0.3`, `1e-2`); `nil` for anything else.
    public init?(parsing text: String) {
        guard let v = Double(text.trimmingCharacters(in: [" ", "\t"])) else { return nil }
        self.init(v)
    }

    /// λ moved by `step` (negative: towards quality), rounded to 0.01 and kept at 0 or more: `[` and `]`.
    public func stepped(by step: Double) -> Lambda {
        Lambda(checked: max(0, ((value + step) * 100).rounded() / 100))
    }

    public static func < (a: Lambda, b: Lambda) -> Bool { a.value < b.value }

    public var description: String { value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let v = try c.decode(Double.self)
        guard let l = Lambda(v) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(v): \(Lambda.rule)")
        }
        self = l
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// Literals are constants a programmer wrote (`lambda: 0.3`); a negative one traps like any broken precondition.
extension Lambda: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public init(floatLiteral value: Double) { self.init(checked: value) }
    public init(integerLiteral value: Int) { self.init(checked: Double(value)) }
}
