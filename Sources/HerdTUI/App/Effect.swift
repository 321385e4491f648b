import Foundation
import HerdCore

/// What the app asks the outside world to do. The effect runner performs these and answers with events.
public enum Effect: Sendable, Equatable {
    /// Ask the router for request `id`.
    case route(id: Int, prompt: String, history: [ChatMessage], lambda: Lambda, pin: String?, mode: Decision.Mode, exclude: [String])
    /// Preview the decision for a draft (debounced by the app).
    case preview(draft: String, lambda: Lambda)
    /// Stream a reply from `member`; the runtime appends each token to the stored message `saveAs`
    /// as it arrives (the app saves the message whole only when it starts and when it ends).
    case stream(id: Int, member: String, request: ChatRequest, saveAs: MessageRef)
    /// Stop a stream (Esc, quit).
    case cancel(id: Int)
    /// Persist one message of a conversation at `position`, whole (the runner coalesces rapid saves).
    case save(conversation: UUID, message: Message, position: Int)
    /// Start a new conversation in the store.
    case newConversation(Conversation)
    /// User feedback (rating, retry, override) for the router's online learning and the store.
    case feedback(Feedback)
    /// A pick among compared answers, for the router's online learning (pairwise) and the store.
    case preference(Preference)
    /// Copy text to the clipboard with OSC 52.
    case copy(String)
    /// Load and apply a theme by name.
    case loadTheme(String)
    /// Write the conversation to a file (Markdown, or JSON for `.json`).
    case export(path: String, conversation: Conversation)
    /// Calibrate the herd in the background (`herd calibrate`); progress comes back as `.calibration` events.
    case calibrate
    case quit
}
