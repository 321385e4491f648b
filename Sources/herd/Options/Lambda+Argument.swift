import ArgumentParser
import HerdCore

/// `--lambda X` on every command parses through `Lambda`, so it accepts exactly what the config and `/lambda` accept.
extension Lambda: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }

    public var defaultValueDescription: String { description }
}
