/// The last drawing of the parts of the screen that rarely change while a reply streams: the
/// frame (borders and titles), the router panel and an empty conversation's welcome, with what
/// they were drawn from. A frame starts
/// from that drawing when nothing it depends on changed, and draws only the chat, input and status
/// line on it. One per terminal session; `ScreenView.render(_:cache:)` gives the same cells with
/// or without it (profiled: the panel and the frame were half of a frame's cost while streaming).
public final class ViewCache {
    /// What the background depends on: the layout, the conversation's title, the panel's inputs,
    /// the welcome text while the conversation is empty.
    struct Key: Equatable {
        var layout: Layout
        var title: String
        var panel: RouterPanelInputs?
        var welcome: String?
    }

    private var key: Key?
    private var background = ScreenBuffer(width: 0, height: 0)
    /// How many times the background was drawn (not taken from the cache): for tests.
    public private(set) var draws = 0

    public init() {}

    /// The background for `key`, drawn by `draw` only when the key differs from the last one.
    func background(for key: Key, draw: () -> ScreenBuffer) -> ScreenBuffer {
        if key != self.key {
            background = draw()
            self.key = key
            draws += 1
        }
        return background
    }
}
