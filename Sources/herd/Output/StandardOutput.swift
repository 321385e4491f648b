#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes to stdout without `FileHandle`, whose `write` traps when the reader has gone away
/// (`herd models --json | head`). A closed pipe ends the process quietly, as it would any Unix tool.
enum StandardOutput {
    static func write(_ data: Data) {
        data.withUnsafeBytes { buf in
            guard var p = buf.baseAddress else { return }
            var left = buf.count
            while left > 0 {
                let n = Glibc.write(STDOUT_FILENO, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { exit(0) }
                    return
                }
                p += n
                left -= n
            }
        }
    }

    static func write(_ text: String) { write(Data(text.utf8)) }

    /// `value` as one line of compact JSON, keys sorted (`herd ask --json` and its modes).
    static func jsonLine(_ value: some Encodable) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        write(try enc.encode(value))
        write("\n")
    }
}
