/// The JSON shape of `herd config paths --json`.
struct PathsReport: Encodable {
    var config: String
    var data: String
    var database: String
    var log: String
    var router: String
    var themes: [String]
}
