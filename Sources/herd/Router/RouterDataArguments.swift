import Foundation
import HerdCore
import HerdRouter

/// Loading routing data and a split the same way for train, eval and bench.
enum RouterDataArguments {
    /// The rows of `data` in the splits named by `on` (`a+b`), or every row without a split file.
    /// With a split, rows without ids or with repeated ids are refused (FILE:LINE).
    static func rows(data: String, split: String?, on: String) throws -> [RoutingExample] {
        let all = try RoutingDataset.load(path: data)
        guard let split else { return all }
        try RoutingDataset.checkIDs(all)
        let s = try RoutingDataset.loadSplit(path: split)
        let rows = on.split(separator: "+").flatMap { RoutingDataset.select(all, split: s, name: String($0)) }
        guard !rows.isEmpty else { throw HerdError.badInput(file: split, line: nil, cause: "no rows of split \"\(on)\" in \(data)") }
        return rows
    }
}
