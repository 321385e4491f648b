#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes to stdout without `FileHandle`, whose `write` traps when the reader has gone away
/// (`herd models --json | head`). A closed pipe ends the process quietly, as it would any Unix tool.
public enum StandardOutput {
    public static func write(_ data: Data) {
        data.withUnsafeBytes { write($0) }
    }

    /// The text's UTF-8 as it is stored: no copy into a `Data` for each token, whose first one cost
    /// the stream a scan of every conformance record (issue 14).
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    private static func write(_ buf: UnsafeRawBufferPointer) {
        if !write(buf, to: STDOUT_FILENO), errno == EPIPE { exit(0) }
    }

    /// Writes all of `buf` to `fd`; `false` (with `errno` set) when the descriptor refuses it.
    static func write(_ buf: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        guard var p = buf.baseAddress else { return true }
        var left = buf.count
        while left > 0 {
            let n = Glibc.write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            p += n
            left -= n
        }
        return true
    }

    /// `value` as one line of compact JSON, keys sorted (`herd ask --json` and its modes).
    public static func jsonLine(_ value: some Encodable) throws {
        write(try json(value) + "\n")
    }

    /// `value` as compact JSON, keys sorted.
    public static func json(_ value: some Encodable) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return String(decoding: try enc.encode(value), as: UTF8.self)
    }
}
