import CNcursesw
import Foundation
import HerdTUI

/// The only code that draws with ncurses: it puts a `ScreenBuffer` on the terminal, cell by
/// cell where it changed since the last frame, with the theme's colours.
final class TerminalPresenter {
    private var last: ScreenBuffer?
    /// Colour pair and attributes by role, indexed by `StyleRole.rawValue` (looked up for every drawn cell).
    private var pairs: [(pair: Int16, attrs: Int32)] = []
    private(set) var theme: Theme

    init(theme: Theme) {
        self.theme = theme
        apply(theme)
    }

    /// Sets up colour pairs: real palette colours where the terminal lets us define them, the
    /// nearest of 256 (or 8) otherwise.
    func apply(_ theme: Theme) {
        self.theme = theme
        let colors = Int(herd_term_colors())
        var slotColor: [Int16] = []
        if colors >= 256 && herd_term_can_change_color() != 0 {
            for (i, c) in theme.palette.enumerated() {
                let slot = Int16(240 - 16 + i)  // Redefine a run of grey-ramp slots, out of the way of the basic 16.
                _ = herd_term_define_color(slot, Int16(Int(c.r) * 1000 / 255), Int16(Int(c.g) * 1000 / 255), Int16(Int(c.b) * 1000 / 255))
                slotColor.append(slot)
            }
        } else if colors >= 256 {
            slotColor = theme.palette.map { Int16($0.xterm256) }
        } else if colors >= 8 {
            slotColor = theme.palette.map { Int16($0.ansi8) }
        }
        pairs = Array(repeating: (0, 0), count: StyleRole.allCases.count)
        for (n, role) in StyleRole.allCases.enumerated() {
            let st = theme.style(role)
            var attrs: Int32 = 0
            if st.bold { attrs |= herd_term_attr_bold() }
            if st.italic { attrs |= herd_term_attr_italic() }
            if st.underline { attrs |= herd_term_attr_underline() }
            if st.reverse { attrs |= herd_term_attr_reverse() }
            if slotColor.isEmpty {
                if role == .dim || role == .border || role == .barEmpty { attrs |= herd_term_attr_dim() }
                pairs[Int(role.rawValue)] = (0, attrs)
                continue
            }
            let pair = Int16(n + 1)
            // Every role draws on the theme's background (base00 unless the role says otherwise), so light themes stay light on a dark terminal.
            herd_term_init_pair(pair, slotColor[st.fg], slotColor[st.bg ?? 0])
            pairs[Int(role.rawValue)] = (pair, attrs)
        }
        last = nil
    }

    /// Draws the cells that changed and moves the cursor.
    func present(_ buf: ScreenBuffer) {
        let full = last == nil || last!.width != buf.width || last!.height != buf.height
        if full { erase() }
        // Packed cells: the diff compares bits, and a changed cell's text comes as a C string ready to draw.
        buf.forEachCell(changedFrom: full ? nil : last) { x, y, text, role in
            let (pair, attrs) = pairs[Int(role.rawValue)]
            herd_term_put(Int32(y), Int32(x), text, pair, attrs)
        }
        if let c = buf.cursor {
            curs_set(1)
            move(Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        refresh()
        last = buf
    }

    /// Forget what is on screen, so the next frame is drawn whole (after resize).
    func invalidate() {
        last = nil
        herd_term_clear_all()
    }
}
