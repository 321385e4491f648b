import HerdCore

/// The rows an evaluation runs on, with every member's outcome and cost: only rows where every
/// member (and the reference) has a score, so that no router is helped by knowing which members
/// were graded on a question.
public struct EvaluationTable: Sendable {
    /// Where a member's cost comes from.
    public enum CostSource: String, Sendable, CaseIterable {
        /// Parameter count in billions (`NAME:SIZE`).
        case size
        /// The row's `cost_usd` for the member (a price).
        case usd = "cost_usd"
        /// The row's measured `seconds` for the member.
        case seconds

        public var unit: String {
            switch self {
            case .size: "B"
            case .usd: "USD"
            case .seconds: "s"
            }
        }
    }

    public var members: [RouterMember]
    /// The evaluated rows, in data order.
    public var rows: [RoutingExample]
    /// Each evaluated row's position in the rows given to `init`.
    public var positions: [Int]
    /// Rows left out (a member or the reference without a score).
    public var excluded: Int
    /// `outcomes[i][m]`: member m's score on row i.
    public var outcomes: [[Double]]
    /// `costs[i][m]`: what asking member m cost on row i.
    public var costs: [[Double]]
    public var costSource: CostSource
    public var reference: String?
    public var referenceScores: [Double]?

    /// - Parameter costSource: nil picks `cost_usd`, else `seconds`, when every evaluated row has
    ///   it for every member; else sizes.
    public init(rows all: [RoutingExample], members: [RouterMember], reference: String? = nil,
                costSource requested: CostSource? = nil) throws {
        guard !members.isEmpty else { throw HerdError.other("no members to evaluate") }
        self.members = members
        self.reference = reference
        positions = all.indices.filter { i in
            members.allSatisfy { all[i].scores[$0.name] != nil } && (reference.map { all[i].scores[$0] != nil } ?? true)
        }
        rows = positions.map { all[$0] }
        excluded = all.count - rows.count
        guard !rows.isEmpty else {
            throw HerdError.other("no row has a score for every member\(reference.map { " and the reference \"\($0)\"" } ?? "") (\(all.count) rows)")
        }
        let rows = self.rows
        func complete(_ source: CostSource) -> Bool {
            rows.allSatisfy { r in members.allSatisfy { Self.cost(r, $0, source) != nil } }
        }
        let source = requested ?? ([CostSource.usd, .seconds].first(where: complete) ?? .size)
        if source != .size {
            for r in rows {
                for m in members where Self.cost(r, m, source) == nil {
                    throw HerdError.badInput(file: r.file ?? "data", line: r.line,
                                             cause: "no \"\(source.rawValue)\" for \"\(m.name)\" (asked for --cost \(source.rawValue))")
                }
            }
        }
        self.costSource = source
        outcomes = rows.map { r in members.map { r.scores[$0.name]! } }
        costs = rows.map { r in members.map { Self.cost(r, $0, source)! } }
        referenceScores = reference.map { ref in rows.map { $0.scores[ref]! } }
    }

    static func cost(_ r: RoutingExample, _ m: RouterMember, _ source: CostSource) -> Double? {
        switch source {
        case .size: m.sizeB
        case .usd: r.costUSD?[m.name]
        case .seconds: r.seconds?[m.name]
        }
    }

    /// Each member's mean cost over the rows: the price list a router decides with.
    public var meanCosts: [Double] {
        (0..<members.count).map { m in costs.reduce(0) { $0 + $1[m] } / Double(costs.count) }
    }
}
