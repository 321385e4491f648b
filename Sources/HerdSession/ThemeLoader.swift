import Foundation
import HerdCore
import HerdTUI
import Yams

/// Reads `themes/*.yaml`: a base16 scheme (`palette: {base00…base0F}`, or the slots at top level)
/// plus an optional `roles:` block mapping UI roles to slots (`user: base0C` or
/// `selected: {fg: base0B, bold: true}`).
public enum ThemeLoader {
    static let slotNames = (0..<16).map { String(format: "base0%X", $0) }

    /// Parses theme text; errors name the file and the line.
    public static func parse(_ text: String, file: String, name: String? = nil) throws -> Theme {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            throw HerdError.badInput(file: file, line: yamlLine(e), cause: "not valid YAML: \(yamlProblem(e))")
        }
        guard let root = node?.mapping else {
            throw HerdError.badInput(file: file, line: 1, cause: "a theme is a YAML mapping with a base16 palette")
        }
        let paletteNode = root["palette"]?.mapping ?? root
        var palette: [RGB] = []
        for slot in slotNames {
            guard let v = paletteNode[slot] else {
                throw HerdError.badInput(file: file, line: (root["palette"]?.mark?.line) ?? 1, cause: "the palette has no \(slot)")
            }
            guard let s = v.string, let c = RGB(hex: s) else {
                throw HerdError.badInput(file: file, line: v.mark?.line, cause: "\(slot) must be a colour like \"1d1f21\", not \(v.string.map { "\"\($0)\"" } ?? "that")")
            }
            palette.append(c)
        }
        var roles: [StyleRole: Theme.RoleStyle] = [:]
        if let rolesNode = root["roles"] {
            guard let map = rolesNode.mapping else {
                throw HerdError.badInput(file: file, line: rolesNode.mark?.line, cause: "roles: must map role names to palette slots")
            }
            for (k, v) in map {
                let key = k.string ?? ""
                guard let role = StyleRole.named(key) else {
                    let known = StyleRole.allCases.map(\.name).joined(separator: ", ")
                    throw HerdError.badInput(file: file, line: k.mark?.line, cause: "unknown role \"\(key)\" (roles: \(known))")
                }
                roles[role] = try roleStyle(v, role: key, file: file)
            }
        }
        let themeName = name ?? root["scheme"]?.string ?? root["name"]?.string ?? "theme"
        return Theme(name: themeName, palette: palette, roles: roles)
    }

    static func roleStyle(_ v: Node, role: String, file: String) throws -> Theme.RoleStyle {
        func slot(_ n: Node) throws -> Int {
            guard let s = n.string, let i = slotNames.firstIndex(of: s.lowercased().replacingOccurrences(of: "base0x", with: "base0")) ?? slotNames.firstIndex(where: { $0.lowercased() == s.lowercased() }) else {
                throw HerdError.badInput(file: file, line: n.mark?.line, cause: "\(role): \"\(n.string ?? "?")\" is not a palette slot (base00…base0F)")
            }
            return i
        }
        if v.scalar != nil { return Theme.RoleStyle(fg: try slot(v)) }
        guard let m = v.mapping, let fg = m["fg"] else {
            throw HerdError.badInput(file: file, line: v.mark?.line, cause: "\(role): give a slot (base0D) or {fg: base0D, bg: base01, bold: true}")
        }
        var s = Theme.RoleStyle(fg: try slot(fg))
        if let bg = m["bg"] { s.bg = try slot(bg) }
        s.bold = m["bold"]?.bool ?? false
        s.italic = m["italic"]?.bool ?? false
        s.underline = m["underline"]?.bool ?? false
        s.reverse = m["reverse"]?.bool ?? false
        return s
    }

    /// Loads a theme by name from the given folders (first hit wins) or a path.
    public static func load(named name: String, from dirs: [String]) throws -> Theme {
        if name == Theme.herdDark.name, !dirs.contains(where: { FileManager.default.fileExists(atPath: $0 + "/\(name).yaml") }) {
            return .herdDark
        }
        let candidates = name.contains("/") ? [name] : dirs.flatMap { ["\($0)/\(name).yaml", "\($0)/\(name).yml"] }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw HerdError.badInput(file: path, line: nil, cause: "cannot read the file as UTF-8")
            }
            return try parse(text, file: path, name: name.contains("/") ? nil : name)
        }
        throw HerdError.other("no theme named \"\(name)\" (have: \(available(in: dirs).joined(separator: ", ")))")
    }

    /// Theme names found in the folders.
    public static func available(in dirs: [String]) -> [String] {
        var names = Set<String>()
        for d in dirs {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] where f.hasSuffix(".yaml") || f.hasSuffix(".yml") {
                names.insert(String(f.prefix(upTo: f.lastIndex(of: ".")!)))
            }
        }
        names.insert(Theme.herdDark.name)
        return names.sorted()
    }

    static func yamlLine(_ e: YamlError) -> Int? {
        switch e {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return nil
        }
    }

    static func yamlProblem(_ e: YamlError) -> String {
        switch e {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): return problem
        default: return "\(e)"
        }
    }
}

extension StyleRole {
    /// The role's name in theme files.
    public var name: String { String(describing: self) }
    static func named(_ s: String) -> StyleRole? { allCases.first { $0.name == s } }
}
