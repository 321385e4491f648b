import HerdCore

/// Picks the members a bench run asks, from what discovery found and the user's `--members` list.
public enum MemberSelection {
    /// One item of `--members`: a discovered member's name, or `MODEL@URL` for a model on a given server
    /// (asked even when discovery does not list it, so a missing model shows up as errors in the data).
    public enum Item: Sendable, Hashable {
        case named(String)
        case explicit(model: String, url: String)
    }

    /// Parses `A,B,model@http://host:port`.
    public static func parse(_ list: String) throws -> [Item] {
        var out: [Item] = []
        for (i, raw) in list.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let s = raw.trimmingCharacters(in: .whitespaces)
            guard !s.isEmpty else { throw HerdError.other("--members: item \(i + 1) is empty") }
            if let at = s.range(of: "@", options: .backwards), s[at.upperBound...].contains("://") {
                let model = String(s[..<at.lowerBound])
                guard !model.isEmpty else { throw HerdError.other("--members: \"\(s)\" has no model before @") }
                out.append(.explicit(model: model, url: String(s[at.upperBound...])))
            } else {
                out.append(.named(s))
            }
        }
        if Set(out).count != out.count { throw HerdError.other("--members: a member is listed twice") }
        return out
    }

    /// The discovered members the names pick, in the order given (by name, then model id).
    /// - Throws: naming the members not found and those that are, so the user can fix the list.
    public static func pick(_ names: [String], from members: [Member]) throws -> [Member] {
        var out: [Member] = []
        var missing: [String] = []
        for n in names {
            if let m = members.first(where: { $0.name == n }) ?? members.first(where: { $0.modelID == n }) {
                out.append(m)
            } else {
                missing.append(n)
            }
        }
        guard missing.isEmpty else {
            let known = members.map(\.name).joined(separator: ", ")
            throw HerdError.noMembers("no member named \(missing.map { "\"\($0)\"" }.joined(separator: ", ")); "
                + (known.isEmpty ? "no members were found" : "found: \(known)")
                + " (use MODEL@URL to ask a model discovery does not list)")
        }
        return out
    }
}

import Foundation
