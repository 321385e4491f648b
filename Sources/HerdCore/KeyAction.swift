/// What a key does in the TUI; the raw value is the key's name in `[keys]`.
public enum KeyAction: String, Sendable, Hashable, Codable, CaseIterable {
    case send
    case newline
    case stop
    /// A modifier only (`alt`, `ctrl`): modifier-1…9 pin a member.
    case pin
    case auto
    case retry
    case rateUp = "rate_up"
    case rateDown = "rate_down"
    case lambdaDown = "lambda_down"
    case lambdaUp = "lambda_up"
    case scrollUp = "scroll_up"
    case scrollDown = "scroll_down"
    case copyCode = "copy_code"
    case calibrate
    /// Arms a comparison of the top members for the next message.
    case compare
    case help
    case quit

    /// The binding of DESIGN.md ("The screen").
    public var defaultKey: String {
        switch self {
        case .send: return "enter"
        case .newline: return "alt-enter"
        case .stop: return "esc"
        case .pin: return "alt"
        case .auto: return "alt-0"
        case .retry: return "ctrl-r"
        case .rateUp: return "ctrl-u"
        case .rateDown: return "ctrl-d"
        case .lambdaDown: return "["
        case .lambdaUp: return "]"
        case .scrollUp: return "pgup"
        case .scrollDown: return "pgdn"
        case .copyCode: return "ctrl-y"
        case .calibrate: return "ctrl-k"
        case .compare: return "alt-c"
        case .help: return "f1"
        case .quit: return "ctrl-c"
        }
    }

    /// One line for the config template and help.
    public var summary: String {
        switch self {
        case .send: return "send the message"
        case .newline: return "new line in the input"
        case .stop: return "stop the stream"
        case .pin: return "modifier (alt only): with 1…9 pins a member"
        case .auto: return "back to automatic routing"
        case .retry: return "retry with the next-best member"
        case .rateUp: return "rate the answer good"
        case .rateDown: return "rate the answer bad"
        case .lambdaDown: return "λ down (quality) in the router panel"
        case .lambdaUp: return "λ up (cost) in the router panel"
        case .scrollUp: return "scroll up"
        case .scrollDown: return "scroll down"
        case .copyCode: return "copy the last code block"
        case .calibrate: return "calibrate the router on your own models, in the background"
        case .compare: return "compare: the next message goes to the top members at once"
        case .help: return "help"
        case .quit: return "quit"
        }
    }
}
