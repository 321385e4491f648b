import Foundation
@testable import HerdBench

/// Collects a run's events from any thread.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _events: [BenchEvent] = []
    var events: [BenchEvent] { lock.withLock { _events } }
    func add(_ e: BenchEvent) { lock.withLock { _events.append(e) } }
}
