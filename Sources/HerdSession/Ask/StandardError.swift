#if canImport(Glibc)
import Glibc
#endif

/// Writes notices and errors to stderr without `FileHandle`, whose `write` traps when stderr is
/// closed (`herd models 2>&-`) or its reader has gone (`herd models 2>&1 | head -0`): the process
/// died of an illegal instruction instead of exiting with its own status. A notice nobody can read
/// is dropped.
public enum StandardError {
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = StandardOutput.write(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
    }
}
