/// A test server could not be started or stopped; the message says which and why.
public struct LaunchError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
