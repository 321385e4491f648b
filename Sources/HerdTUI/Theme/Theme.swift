/// A colour theme: a base16 palette and how UI roles map onto it.
public struct Theme: Sendable, Hashable {
    /// How one role is drawn: palette slots (0…15 for base00…base0F) and attributes.
    public struct RoleStyle: Sendable, Hashable {
        public var fg: Int
        public var bg: Int?
        public var bold = false
        public var italic = false
        public var underline = false
        public var reverse = false
        public init(fg: Int, bg: Int? = nil, bold: Bool = false, italic: Bool = false, underline: Bool = false, reverse: Bool = false) {
            self.fg = fg
            self.bg = bg
            self.bold = bold
            self.italic = italic
            self.underline = underline
            self.reverse = reverse
        }
    }

    public var name: String
    public var palette: [RGB]
    public var roles: [StyleRole: RoleStyle]

    public init(name: String, palette: [RGB], roles: [StyleRole: RoleStyle] = [:]) {
        precondition(palette.count == 16)
        self.name = name
        self.palette = palette
        var r = Theme.defaultRoles
        for (k, v) in roles { r[k] = v }
        self.roles = r
    }

    public func style(_ role: StyleRole) -> RoleStyle { roles[role] ?? Theme.defaultRoles[.normal]! }

    /// The base16 conventions: 00 background … 05 text, 08 red … 0F brown.
    public static let defaultRoles: [StyleRole: RoleStyle] = [
        .normal: RoleStyle(fg: 5), .dim: RoleStyle(fg: 3), .border: RoleStyle(fg: 3), .title: RoleStyle(fg: 0xD, bold: true),
        .user: RoleStyle(fg: 0xC, bold: true), .member: RoleStyle(fg: 0xE, bold: true), .selected: RoleStyle(fg: 0xB, bold: true),
        .bar: RoleStyle(fg: 0xD), .barEmpty: RoleStyle(fg: 2), .prior: RoleStyle(fg: 9), .error: RoleStyle(fg: 8, bold: true),
        .warning: RoleStyle(fg: 0xA), .ok: RoleStyle(fg: 0xB), .code: RoleStyle(fg: 0xB, bg: 1), .input: RoleStyle(fg: 5),
        .status: RoleStyle(fg: 4), .accent: RoleStyle(fg: 0xD), .heading: RoleStyle(fg: 0xD, bold: true),
        .bold: RoleStyle(fg: 5, bold: true), .italic: RoleStyle(fg: 5, italic: true), .quote: RoleStyle(fg: 4, italic: true),
        .inert: RoleStyle(fg: 8, reverse: true),
    ]

    /// Built in, so Herd always has a theme even with no theme files.
    public static let herdDark = Theme(name: "herd-dark", palette: [
        "1d1f21", "282a2e", "373b41", "707880", "b4b7b4", "c5c8c6", "e0e0e0", "ffffff",
        "cc6666", "de935f", "f0c674", "b5bd68", "8abeb7", "81a2be", "b294bb", "a3685a",
    ].map { RGB(hex: $0)! })
}
