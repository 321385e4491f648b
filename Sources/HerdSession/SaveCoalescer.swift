import Foundation
import HerdCore
import HerdStore

/// Writes streaming messages to the store at most every `interval`, and at once when a message
/// stops streaming, so a fast stream costs a few small transactions a second and a token on
/// screen reaches the database within a second.
public final class SaveCoalescer: @unchecked Sendable {
    private let store: Store
    private let interval: Double
    private let lock = NSLock()
    private var pending: [Key: Message] = [:]
    private var known: Set<UUID> = []
    private var titles: [UUID: String] = [:]
    private var scheduled = false
    private let onError: @Sendable (String) -> Void

    struct Key: Hashable {
        var conversation: UUID
        var position: Int
    }

    public init(store: Store, interval: Double = 0.25, known: Set<UUID>, onError: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.interval = interval
        self.known = known
        self.onError = onError
    }

    public func save(_ message: Message, conversation: UUID, position: Int) {
        lock.lock()
        pending[Key(conversation: conversation, position: position)] = message
        if message.role == .user, titles[conversation] == nil { titles[conversation] = String(message.text.prefix(60)) }
        let now = message.status != .streaming
        let schedule = !now && !scheduled
        if schedule { scheduled = true }
        lock.unlock()
        if now {
            flush()
        } else if schedule {
            DispatchQueue.global().asyncAfter(deadline: .now() + interval) { [self] in
                lock.withLock { scheduled = false }
                flush()
            }
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
        lock.lock()
        let batch = pending
        pending.removeAll()
        var toCreate: [Conversation] = []
        for key in batch.keys where !known.contains(key.conversation) {
            known.insert(key.conversation)
            toCreate.append(Conversation(id: key.conversation, title: titles[key.conversation] ?? ""))
        }
        lock.unlock()
        do {
            for c in toCreate { try store.createConversation(c) }
            for (key, m) in batch.sorted(by: { $0.key.position < $1.key.position }) {
                try store.upsertMessage(m, conversation: key.conversation, position: key.position)
            }
        } catch {
            onError("cannot save to \(store.path): \(error)")
        }
    }
}
