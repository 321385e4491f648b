import Foundation

/// The last drawing of the parts of the screen that rarely change while a reply streams: the
/// frame (borders and titles), the router panel and an empty conversation's welcome, with what
/// they were drawn from. A frame starts
/// from that drawing when nothing it depends on changed, and draws only the chat, input and status
/// line on it. And the messages' laid-out lines (`MarkdownMemo`), so a frame lays out only what
/// changed: a streaming reply's last words. One per terminal session; `ScreenView.render(_:cache:)`
/// gives the same cells with or without it (profiled: the panel and the frame were half of a
/// frame's cost while streaming, then the streaming reply's layout).
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

    /// The memos of the messages the last frame laid out, by message id; and of those this frame has so far.
    private var memos: [UUID: MarkdownMemo] = [:]
    private var shown: [UUID: MarkdownMemo] = [:]

    public init() {}

    /// The memo of message `id`'s text, kept while frames lay it out.
    func memo(for id: UUID) -> MarkdownMemo {
        if let m = shown[id] { return m }
        let m = memos[id] ?? MarkdownMemo()
        shown[id] = m
        return m
    }

    /// Ends a frame: memos of messages it did not lay out go (scrolled away, or gone with their conversation).
    func endFrame() {
        // Swapped and emptied, not made anew: two dictionaries' storage serve every frame.
        swap(&memos, &shown)
        shown.removeAll(keepingCapacity: true)
    }

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
