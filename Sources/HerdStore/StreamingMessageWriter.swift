import Foundation
import HerdCore

/// Persists a reply while it streams: the first token is written at once, later ones at most every `interval`
/// (250 ms by default), and `finish` writes the final state. So a token on screen is in the database at most
/// `interval` (plus one write) later, and a fast stream costs 4 small transactions a second, not one per token.
public actor StreamingMessageWriter {
    public let store: Store
    public let conversation: UUID
    public let position: Int
    public let interval: Duration
    /// The message as last appended to (what the screen shows).
    public private(set) var message: Message
    /// The error of the last failed write, if the last write failed (the next flush retries).
    public private(set) var lastError: (any Error)?

    private let onFlush: (@Sendable (Message) -> Void)?
    private var dirty = false
    private var lastFlush: ContinuousClock.Instant?
    private var pending: Task<Void, Never>?

    /// - Parameters:
    ///   - message: the reply so far, usually empty text with status `.streaming`, member and decision set.
    ///   - onFlush: called after each successful write with what was written (for tests and probes).
    public init(store: Store, conversation: UUID, position: Int, message: Message,
                interval: Duration = .milliseconds(250), onFlush: (@Sendable (Message) -> Void)? = nil) {
        self.store = store
        self.conversation = conversation
        self.position = position
        self.message = message
        self.interval = interval
        self.onFlush = onFlush
    }

    /// Writes the message as it is now (call once before the first token, so the decision is stored even if
    /// no token ever arrives).
    public func start() throws {
        try write()
    }

    /// Adds a piece of text; it is written within `interval`.
    public func append(_ piece: String) {
        message.text += piece
        dirty = true
        guard pending == nil else { return }
        let wait: Duration
        if let lastFlush {
            let since = ContinuousClock.now - lastFlush
            wait = since >= interval ? .zero : interval - since
        } else {
            wait = .zero
        }
        pending = Task { [weak self] in
            if wait > .zero {
                do { try await Task.sleep(for: wait) } catch { return }
            }
            await self?.flushPending()
        }
    }

    /// Writes the final state (text so far, status, counts) and stops scheduled writes.
    public func finish(status: Message.Status, completionTokens: Int? = nil, seconds: Double? = nil,
                       tokensPerSecond: Double? = nil) throws {
        pending?.cancel()
        pending = nil
        message.status = status
        if let completionTokens { message.completionTokens = completionTokens }
        if let seconds { message.seconds = seconds }
        if let tokensPerSecond { message.tokensPerSecond = tokensPerSecond }
        try write()
    }

    private func flushPending() {
        pending = nil
        guard dirty else { return }
        do {
            try write()
        } catch {
            lastError = error
            // Keep the text marked dirty and try again after another interval rather than drop it.
            lastFlush = ContinuousClock.now
            append("")
        }
    }

    private func write() throws {
        let snapshot = message
        try store.upsertMessage(snapshot, conversation: conversation, position: position)
        dirty = false
        lastError = nil
        lastFlush = ContinuousClock.now
        onFlush?(snapshot)
    }
}
