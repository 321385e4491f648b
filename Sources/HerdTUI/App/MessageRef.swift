import Foundation

/// Where a message lives in the store: its conversation, its position there, and its id. A stream
/// carries it so the runtime can save each token as it arrives, without the app sending the message.
public struct MessageRef: Sendable, Hashable {
    public var conversation: UUID
    public var position: Int
    public var message: UUID

    public init(conversation: UUID, position: Int, message: UUID) {
        self.conversation = conversation
        self.position = position
        self.message = message
    }
}
