import Foundation

/// Slots filled by `DispatchQueue.concurrentPerform` iterations, one each, read after it returns.
final class ParallelResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: Value) { lock.withLock { slots[i] = value } }

    /// Every slot's value; each must have been set.
    var values: [Value] { lock.withLock { slots.map { $0! } } }
}
