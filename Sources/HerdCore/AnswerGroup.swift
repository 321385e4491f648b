import Foundation

/// Marks an assistant message as one of several answers to the same prompt: a column of a
/// comparison (`/compare`) or a step of a cascade (`/cascade`). All of them are stored and stay
/// viewable; only the chosen one is sent back to the models as the conversation's answer.
public struct AnswerGroup: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Several members answered at once; the person picks one.
        case compare
        /// A cheap member answered first; a weak answer escalated to the next.
        case cascade
    }

    public var kind: Kind
    /// The same for every answer to one prompt.
    public var id: UUID
    /// Column (compare) or step (cascade), from 0.
    public var slot: Int
    /// The picked column, or the cascade step that answered.
    public var chosen: Bool
    /// Why a cascade step did not answer ("empty reply", "mean log-probability −2.3 < −1.2"), when it did not.
    public var note: String?

    public init(kind: Kind, id: UUID, slot: Int, chosen: Bool = false, note: String? = nil) {
        self.kind = kind
        self.id = id
        self.slot = slot
        self.chosen = chosen
        self.note = note
    }
}
