import Foundation

/// A fresh folder under the system temp folder, removed when the value is released.
final class TemporaryDirectory: Sendable {
    let path: String

    init(_ label: String = "herd-session-tests") {
        path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
