/// The probe executable is not where the tests look for it.
struct ProbeMissing: Error, CustomStringConvertible {
    let near: String
    var description: String {
        "herd-store-probe is not built next to \(near); run `swift build --product herd-store-probe` (or set HERD_STORE_PROBE)"
    }
}
