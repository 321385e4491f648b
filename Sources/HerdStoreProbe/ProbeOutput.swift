import Foundation

/// Whole lines straight to fd 1 with one write(2) each, so lines from two tasks never interleave and nothing
/// waits in a stdio buffer when the process is killed.
enum ProbeOutput {
    static func line(_ s: String) {
        let bytes = Array((s + "\n").utf8)
        bytes.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(1, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// CLOCK_MONOTONIC in nanoseconds: the same clock in every process on the machine.
    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
