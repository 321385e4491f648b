import Foundation

/// Admits at most `limit` concurrent holders per key (a server's model), first come first served;
/// the rest wait. The limit is learned once per key. Cancelling a waiting task ends its wait.
public final class SlotGate: @unchecked Sendable {
    private struct Waiter {
        let id: UUID
        let continuation: CheckedContinuation<Void, Error>
    }

    private let lock = NSLock()
    private var limits: [String: Int] = [:]
    private var inUse: [String: Int] = [:]
    private var waiters: [String: [Waiter]] = [:]

    public init() {}

    /// Holders of `key` now.
    public func holders(_ key: String) -> Int { lock.withLock { inUse[key] ?? 0 } }

    /// Waits for a slot of `key`; `limit` is asked the first time a key is seen.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func acquire(_ key: String, limit: @Sendable () async -> Int) async throws {
        if lock.withLock({ limits[key] }) == nil {
            let l = await limit()
            lock.withLock { if limits[key] == nil { limits[key] = max(1, l) } }
        }
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
                lock.withLock {
                    if Task.isCancelled {
                        c.resume(throwing: CancellationError())
                    } else if inUse[key, default: 0] < limits[key] ?? 1 {
                        inUse[key, default: 0] += 1
                        c.resume()
                    } else {
                        waiters[key, default: []].append(Waiter(id: id, continuation: c))
                    }
                }
            }
        } onCancel: {
            lock.withLock {
                if let i = waiters[key]?.firstIndex(where: { $0.id == id }) {
                    waiters[key]!.remove(at: i).continuation.resume(throwing: CancellationError())
                }
            }
        }
    }

    /// Gives a slot back: the longest waiter gets it.
    public func release(_ key: String) {
        lock.withLock {
            if var w = waiters[key], !w.isEmpty {
                let next = w.removeFirst()
                waiters[key] = w
                next.continuation.resume()  // the slot passes over; the count stays
            } else {
                inUse[key] = max(0, (inUse[key] ?? 1) - 1)
            }
        }
    }
}
