/// The version `herd --version` prints.
enum HerdVersion {
    static let string = "0.1.0"
}
