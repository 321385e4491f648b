import HerdCore
import CNcursesw
import Foundation
import HerdTUI

/// Runs the TUI: terminal → events → `App.update` → effects, and draws after each batch.
public final class TerminalSession {
    /// Frames are drawn at most this often; keys are read in between.
    public static let minFrameInterval = 1.0 / 60.0
    /// While a reply streams in, at most this often: text arriving at 1,000 tokens/s reads the
    /// same at 30 frames/s and costs half the CPU (typing still echoes at 60).
    public static let streamingFrameInterval = 1.0 / 30.0

    public init() {}

    /// Takes over the terminal until the app quits; the terminal is restored on every way out.
    /// `perform` runs effects (it must not block) and answers through `queue`; the screen is drawn in `state.theme`.
    public func run(state initial: AppState, queue: some EventSource, perform: @escaping (Effect) -> Void) throws {
        herd_term_prepare()
        guard herd_term_start(25) == 0 else {
            throw TerminalError.cannotStart
        }
        defer { herd_term_restore() }
        let presenter = TerminalPresenter(theme: initial.theme)
        let views = ViewCache()
        var applied = initial.theme
        let decoder = KeyDecoder()
        var state = initial
        state.cols = Int(herd_term_cols())
        state.rows = Int(herd_term_lines())
        func now() -> Double { Monotonic.now() }
        state.now = now()
        var dirty = true
        var lastFrame = -1.0
        func handle(_ event: Event, redraw: Bool = true) {
            let effects = App.update(&state, event)
            for effect in effects {
                switch effect {
                case let .copy(text):
                    copyOSC52(text)
                default:
                    perform(effect)
                }
            }
            if state.theme != applied {
                presenter.apply(state.theme)
                applied = state.theme
            }
            if redraw || !effects.isEmpty { dirty = true }
        }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: queue.wakeRead, events: Int16(POLLIN), revents: 0)]
        while !state.quitting {
            let t = now()
            let frameInterval = state.active == nil ? Self.minFrameInterval : Self.streamingFrameInterval
            if dirty && t - lastFrame >= frameInterval {
                presenter.present(ScreenView.render(state, cache: views))
                lastFrame = t
                dirty = false
            }
            // Sleep until input, an event, the next frame slot (if dirty), or a tick for debounce.
            let timeout: Int32 = dirty ? max(1, Int32((frameInterval - (now() - lastFrame)) * 1000)) : 250
            fds[0].revents = 0
            fds[1].revents = 0
            // With a frame already pending, events wait for it: a stream at 1,000 tokens/s then wakes
            // this loop once per frame instead of once per token. Keys still wake it at once.
            fds[1].events = dirty ? 0 : Int16(POLLIN)
            _ = poll(&fds, 2, timeout)
            for input in decoder.readAll() {
                switch input {
                case let .key(k): handle(.key(k))
                case .resize:
                    presenter.invalidate()
                    handle(.resize(cols: Int(herd_term_cols()), rows: Int(herd_term_lines())))
                }
            }
            for e in queue.drain() { handle(e) }
            // The clock alone changes nothing on screen unless it triggers an effect (a preview).
            handle(.tick(now(), wall: Date()), redraw: false)
        }
        // A last frame so the stopped state is on screen if the terminal keeps it.
        presenter.present(ScreenView.render(state))
    }

    /// OSC 52 clipboard write, built by Herd itself (never from model output).
    func copyOSC52(_ text: String) {
        let b64 = Data(text.utf8).base64EncodedString()
        let seq = "\u{1B}]52;c;\(b64)\u{07}"
        seq.withCString { herd_term_write_raw($0, Int32(strlen($0))) }
    }
}

/// Why the TUI could not start.
public enum TerminalError: Error, CustomStringConvertible {
    case cannotStart
    public var description: String { "cannot start the terminal UI (is TERM set and is this a terminal?)" }
}
