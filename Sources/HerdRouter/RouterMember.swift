/// A herd member as the trained router knows it: its name in the routing data and its size.
public struct RouterMember: Sendable, Hashable, Codable {
    public var name: String
    /// Parameter count in billions.
    public var sizeB: Double
    public init(name: String, sizeB: Double) {
        self.name = name
        self.sizeB = sizeB
    }

    /// Parses `NAME:SIZE,NAME:SIZE,…` (sizes in billions; a name may itself contain colons).
    public static func parseList(_ text: String) throws -> [RouterMember] {
        var out: [RouterMember] = []
        for (i, item) in text.split(separator: ",").enumerated() {
            let s = item.trimmingCharacters(in: .whitespaces)
            guard let colon = s.lastIndex(of: ":"), let size = Double(s[s.index(after: colon)...]), size > 0,
                  !s[..<colon].isEmpty else {
                throw RouterMemberListError(item: s, position: i + 1)
            }
            out.append(RouterMember(name: String(s[..<colon]), sizeB: size))
        }
        return out
    }
}

import Foundation

/// A malformed entry in a `NAME:SIZE,…` member list.
public struct RouterMemberListError: Error, CustomStringConvertible, LocalizedError {
    public var item: String
    public var position: Int
    public var description: String {
        "member \(position) \"\(item)\" is not NAME:SIZE with SIZE a positive number of billions (e.g. Meta-Llama-3_1-8B-Instruct:8)"
    }
    public var errorDescription: String? { description }
}
