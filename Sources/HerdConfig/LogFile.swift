import Foundation

/// An append-only log file shared by every `FileLogHandler`: one `write(2)` per line under a lock, and when
/// the file passes `maxBytes` it is renamed to `NAME.1` (replacing the previous one) and a new one started.
public final class LogFile: @unchecked Sendable {
    public let path: String
    public let maxBytes: Int
    private let lock = NSLock()
    private var fd: Int32
    private var size: Int

    /// Opens (creating it and its folder) the file for appending.
    public init(path: String, maxBytes: Int = 5 << 20) throws {
        self.path = path
        self.maxBytes = maxBytes
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        fd = LogFile.openAppend(path)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        size = Int(lseek(fd, 0, SEEK_END))
    }

    deinit { if fd >= 0 { close(fd) } }

    public func write(_ line: String) {
        let bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        if size + bytes.count > maxBytes { rotate() }
        guard fd >= 0 else { return }
        bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { break }
                off += n
            }
            size += off
        }
    }

    private func rotate() {
        close(fd)
        _ = rename(path, path + ".1")
        fd = LogFile.openAppend(path)
        size = 0
    }

    private static func openAppend(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    }
}
