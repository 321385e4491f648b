import Foundation
import HerdCore

/// Everything that can happen to the app. Time comes in with events, so `App.update` stays pure.
public enum Event: Sendable {
    case key(Key)
    case resize(cols: Int, rows: Int)
    /// The clock, for rates and debounce: seconds since some fixed origin; `wall`, the date, for
    /// what is saved with a time (feedback, a new conversation).
    case tick(Double, wall: Date? = nil)
    /// The herd as discovered: members and servers' reachability.
    case herd(members: [MemberStatus], notice: Notice?)
    /// The router decided for request `id`.
    case decided(id: Int, Decision)
    /// The router preview for the draft input.
    case previewed(draft: String, Decision)
    case token(id: Int, text: String, at: Double)
    case streamEnded(id: Int, StreamSummary, at: Double)
    case streamFailed(id: Int, message: String, at: Double)
    /// Request `id` moved from a failed replica to another (or found none left).
    case failover(id: Int, FailoverStep)
    /// Replicas up, per member name, as traffic and probes found them; `unreachable`: members
    /// none of whose replicas may be used.
    case replicas(up: [String: Int], unreachable: Set<String>)
    /// The cascade's per-member thresholds, learned once the router has loaded (ratings, picks,
    /// and the herd's calibration answers).
    case cascadeThresholds([String: Double])
    /// A message from an effect for the status line (saved, copied, errors).
    case notice(Notice)
    /// A background calibration moved on; `sources` (member → source) when the new router took over.
    case calibration(CalibrationStatus, sources: [String: ConfidenceSource]? = nil)
    /// A theme asked for with `/theme`, read.
    case themeLoaded(Theme)
    /// A conversation loaded from the store (resume).
    case loaded(Conversation)
}
