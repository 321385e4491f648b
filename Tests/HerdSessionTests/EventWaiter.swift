import Foundation
import HerdCore
import HerdSession
import HerdTUI

/// Collects what an `EventQueue` delivers, as the terminal loop would, until a condition holds.
final class EventWaiter {
    let queue: EventQueue
    private(set) var events: [Event] = []

    init(_ queue: EventQueue) { self.queue = queue }

    /// Drains until `done(events)` or `timeout` seconds; returns whether it held.
    @discardableResult
    func wait(timeout: Double = 5, until done: ([Event]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            events += queue.drain()
            if done(events) { return true }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        events += queue.drain()
        return done(events)
    }

    var tokens: [String] {
        events.compactMap { if case let .token(_, t, _) = $0 { return t } else { return nil } }
    }

    var ended: Bool { events.contains { if case .streamEnded = $0 { return true } else { return false } } }

    var failure: String? {
        events.lazy.compactMap { if case let .streamFailed(_, m, _) = $0 { return m } else { return nil } }.first
    }

    var decision: Decision? {
        events.lazy.compactMap { if case let .decided(_, d) = $0 { return d } else { return nil } }.first
    }

    var decisions: [Decision] {
        events.compactMap { if case let .decided(_, d) = $0 { return d } else { return nil } }
    }

    /// The calibration events, in order.
    var calibrations: [(status: CalibrationStatus, sources: [String: ConfidenceSource]?)] {
        events.compactMap { if case let .calibration(s, sources) = $0 { return (s, sources) } else { return nil } }
    }
}
