/// Why a `[keys]` value is not a key.
public struct KeySpecError: Error, Sendable, Hashable {
    public var message: String
}
