import HerdConfig

/// The JSON shape of `herd config check --json`.
struct ConfigCheckReport: Encodable {
    var file: String
    var exists: Bool
    var problems: [ConfigProblem]
}
