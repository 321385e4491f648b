import Dispatch
import Foundation

/// Turns Ctrl-C into a call: the first stops the run cleanly (lines get written), a second one exits at once.
final class InterruptHandler: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var count = 0

    init(onFirst: @escaping @Sendable () -> Void) {
        // The default action would kill the process before the output file is consistent.
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            let n: Int = self.lock.withLock { self.count += 1; return self.count }
            if n == 1 { onFirst() } else { exit(130) }
        }
        source.resume()
    }

    var interrupted: Bool { lock.withLock { count > 0 } }

    /// Gives Ctrl-C back its default action.
    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
