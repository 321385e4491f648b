import Foundation
import HerdCore
import HerdStore
import HerdTUI

/// The one durable writer of the TUI's history. Whole messages (a prompt, a reply as it starts and
/// as it ends) and the tokens a stream appends are written on a frame's cadence: a token is handed
/// over before it can be drawn, and written within `interval` (one frame at 30 frames/s), so every
/// token that has been on screen for a frame is in the database when the process is killed.
/// A streaming reply grows by appends of what arrived since the last write, never rewritten whole.
public final class SaveCoalescer: @unchecked Sendable {
    /// One frame while a reply streams (`TerminalSession.streamingFrameInterval`).
    public static let frameInterval = 1.0 / 30.0

    private let store: Store
    private let interval: Double
    private let lock = NSLock()
    /// Per stored message, what is waiting to be written.
    private var pending: [UUID: Pending] = [:]
    /// Messages whose final state has been handed over: a token that races in after it is dropped.
    private var ended: Set<UUID> = []
    private var known: Set<UUID> = []
    private var titles: [UUID: String] = [:]
    private var scheduled = false
    private let onError: @Sendable (String) -> Void

    private struct Pending {
        var conversation: UUID
        var position: Int
        /// The whole message to upsert, when one was handed over since the last write.
        var whole: Message?
        /// Text to append to the stored message after `whole` (if any) is written.
        var appended = ""
    }

    public init(store: Store, interval: Double = SaveCoalescer.frameInterval, known: Set<UUID>,
                onError: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.interval = interval
        self.known = known
        self.onError = onError
    }

    /// Saves a message whole: at once when it is final (not streaming), else within `interval`.
    public func save(_ message: Message, conversation: UUID, position: Int) {
        let final = message.status != .streaming
        let schedule: Bool = lock.withLock {
            // The whole message is what the screen shows: it replaces appends still waiting.
            pending[message.id] = Pending(conversation: conversation, position: position, whole: message)
            if final { ended.insert(message.id) } else { ended.remove(message.id) }
            if message.role == .user, titles[conversation] == nil { titles[conversation] = String(message.text.prefix(60)) }
            return claimSchedule(final: final)
        }
        if final { flush() } else if schedule { scheduleFlush() }
    }

    /// Appends a streamed token to a stored message; written within `interval`. Call it before the
    /// token can reach the screen.
    public func append(_ text: String, to ref: MessageRef) {
        let schedule: Bool = lock.withLock {
            if ended.contains(ref.message) { return false }
            var p = pending[ref.message] ?? Pending(conversation: ref.conversation, position: ref.position)
            if p.whole != nil { p.whole!.text += text } else { p.appended += text }
            pending[ref.message] = p
            return claimSchedule(final: false)
        }
        if schedule { scheduleFlush() }
    }

    /// Under the lock: whether this caller must schedule the next write.
    private func claimSchedule(final: Bool) -> Bool {
        guard !final, !scheduled else { return false }
        scheduled = true
        return true
    }

    private func scheduleFlush() {
        DispatchQueue.global().asyncAfter(deadline: .now() + interval) { [self] in
            lock.withLock { scheduled = false }
            flush()
        }
    }

    /// Registers a conversation that exists in the store already (or creates it).
    public func created(_ c: Conversation) {
        do {
            try store.createConversation(c)
            lock.withLock { _ = known.insert(c.id) }
        } catch {
            onError("cannot save the conversation: \(error)")
        }
    }

    /// Writes everything pending now.
    public func flush() {
        let (batch, toCreate): ([(id: UUID, write: Pending)], [Conversation]) = lock.withLock {
            let batch = pending.map { (id: $0.key, write: $0.value) }
                .sorted { ($0.write.conversation.uuidString, $0.write.position) < ($1.write.conversation.uuidString, $1.write.position) }
            pending.removeAll(keepingCapacity: true)
            var toCreate: [Conversation] = []
            for (_, p) in batch where !known.contains(p.conversation) {
                known.insert(p.conversation)
                toCreate.append(Conversation(id: p.conversation, title: titles[p.conversation] ?? ""))
            }
            return (batch, toCreate)
        }
        guard !batch.isEmpty else { return }
        do {
            for c in toCreate { try store.createConversation(c) }
            for (id, p) in batch {
                if let m = p.whole { try store.upsertMessage(m, conversation: p.conversation, position: p.position) }
                if !p.appended.isEmpty { try store.append(p.appended, toStreamingMessage: id) }
            }
        } catch {
            onError("cannot save to \(store.path): \(error)")
        }
    }
}
