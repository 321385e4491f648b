/// What a cell is, for the theme to colour: the view never names colours.
public enum StyleRole: UInt8, Sendable, Hashable, CaseIterable {
    case normal, dim, border, title, user, member, selected, bar, barEmpty, prior
    case error, warning, ok, code, input, status, accent, heading, bold, italic, quote, inert
}
