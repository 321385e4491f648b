#if canImport(Glibc)
import Glibc
#endif
import HerdCore
import Synchronization

/// Whether the thread that reads a stream from a model server on this machine gives way to the
/// server's own threads once the answer has started.
///
/// Why: a local server computes every token on all the cores it was given (llama-server takes
/// them all by default, its threads waiting for one another at each step), so a reader woken by a
/// token takes a core from the computation of the next one. With the reader at the lowest priority
/// (nice 19) once the first token came, `herd ask` on the 200-token `story` stream took 0.968 and
/// 0.978× curl's wall time, against 1.041 and 1.049× for the same build without it in the same
/// rotations, and llama-server's own generation time (its log) was 85 ms against 92–93 ms while curl
/// read (`scripts/bench-stream`, 101 runs each, 2 cores; issue 14). Tried when the client started
/// instead: nice 10 changed nothing measurable (1.037 against 1.041), and the idle scheduling class
/// put the first token's 75th percentile at 28 ms. Before the first token the reader keeps its
/// priority, so that the first token is not delayed.
/// The reader's work is ~16 µs a token: at the lowest priority it still gets a core within a
/// scheduler slice of a few milliseconds, well within a frame of the TUI.
///
/// Off unless a program turns it on (`herd` does; the test suite's own clients do not), because it
/// lasts for the thread: an unprivileged thread cannot raise its priority again.
public enum StreamPriority {
    private static let readerNice = Atomic<Int32>(0)

    /// Reading threads of streams from servers on this machine take `nice` (1…19) after a first
    /// token; 0 leaves them as they are.
    public static func yieldToLocalServers(nice: Int32) {
        readerNice.store(max(0, min(19, nice)), ordering: .relaxed)
    }

    /// Called on the event loop reading a stream from `endpoint` when its first token came.
    static func answerStarted(from endpoint: ServerEndpoint) {
        let nice = readerNice.load(ordering: .relaxed)
        guard nice > 0, endpoint.isOnThisMachine else { return }
        // On Linux a nice value belongs to the thread, and `who` 0 is the calling one.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
    }
}
