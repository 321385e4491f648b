import Foundation
import HerdTestSupport

/// `herd-store-probe` running as a child process, its stdout collected line by line on a background thread.
final class ProbeProcess: @unchecked Sendable {
    let child: ChildProcess
    private let lock = NSCondition()
    private var lines: [String] = []
    private var finished = false

    /// The probe next to the test binary (`HERD_STORE_PROBE` overrides it).
    static func executable() throws -> String {
        if let path = ProcessInfo.processInfo.environment["HERD_STORE_PROBE"] { return path }
        return try BuiltProduct.path("herd-store-probe")
    }

    init(arguments: [String]) throws {
        child = try ChildProcess.spawn(try ProbeProcess.executable(), arguments, stdout: .pipe, stderr: .inherit)
        let handle = child.stdoutPipe!
        Thread.detachNewThread { [self] in
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                lock.lock()
                if chunk.isEmpty {
                    if !buffer.isEmpty { lines.append(String(decoding: buffer, as: UTF8.self)) }
                    finished = true
                    lock.broadcast()
                    lock.unlock()
                    return
                }
                buffer.append(chunk)
                while let nl = buffer.firstIndex(of: 0x0A) {
                    lines.append(String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...nl)
                }
                lock.broadcast()
                lock.unlock()
            }
        }
    }

    /// Waits until `condition` holds for the lines so far, the output ends, or `timeout` passes; returns the lines.
    func wait(timeout: TimeInterval, until condition: ([String]) -> Bool) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while !condition(lines) && !finished {
            if !lock.wait(until: deadline) { break }
        }
        return lines
    }

    /// All output, after the process has ended.
    func allLines() -> [String] { wait(timeout: 10) { _ in false } }

    func kill9() { child.signal(SIGKILL) }
}
