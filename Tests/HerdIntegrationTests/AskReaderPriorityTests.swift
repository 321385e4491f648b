import Foundation
import HerdCore
import HerdTestSupport
import Testing

/// Once a local server's answer has started, `herd ask` reads the rest at the lowest priority
/// (`StreamPriority`), so that the server's computation keeps the cores; the rest of herd keeps its own.
@Suite struct AskReaderPriorityTests {
    /// Each of the process's threads: its name and its nice value (`/proc/PID/task/TID/stat`, field 19).
    static func threads(of pid: pid_t) -> [(tid: Int, name: String, nice: Int)] {
        let dir = "/proc/\(pid)/task"
        let tids = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return tids.compactMap { tid in
            guard let stat = try? String(contentsOfFile: "\(dir)/\(tid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let name = String(stat[stat.index(after: open)..<close])
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 16, let nice = Int(fields[16]), let id = Int(tid) else { return nil }
            return (id, name, nice)
        }
    }

    @Test func theReaderGivesWayOnceTheAnswerStarted() async throws {
        try await LlamaServer.alone {
            try await FixtureServer.with(.openAI) { f in
                // The answer pauses after its first token, long enough to look at the threads.
                f.setReply(FixtureReply(steps: [.token("one"), .delay(3), .token(" two"), .end(finishReason: "stop")]), for: "alpha")
                let home = TemporaryDirectory("herd-nice")
                let child = try ChildProcess.spawn("/usr/bin/env", [
                    "-u", "OLLAMA_HOST", "-u", "OPENAI_BASE_URL", "HERD_CONFIG=\(home.path)/config.toml",
                    "HERD_HOME=\(home.path)/data", "HERD_SERVERS=", try BuiltProduct.path("herd"),
                    "ask", "--model", "alpha", "--server", f.baseURL, "hi",
                ], stdout: .pipe)
                let out = try #require(child.stdoutPipe)
                var seen = ""
                while !seen.contains("one") {
                    let data = out.availableData
                    if data.isEmpty { break }
                    seen += String(decoding: data, as: UTF8.self)
                }
                #expect(seen.hasPrefix("one"), "\(seen)")
                // The reading thread writes the token out first and then gives way, so the change may
                // come just after the token: it is looked for during the server's pause (3 s).
                var threads = Self.threads(of: child.pid)
                for _ in 0..<100 where !threads.contains(where: { $0.name.hasPrefix("NIO-") && $0.nice == 19 }) {
                    try await Task.sleep(for: .milliseconds(20))
                    threads = Self.threads(of: child.pid)
                }
                let readers = threads.filter { $0.name.hasPrefix("NIO-") }
                #expect(readers.contains { $0.nice == 19 }, "\(threads)")
                #expect(threads.first { $0.tid == Int(child.pid) }?.nice == 0, "\(threads)")
                #expect(await child.wait() == .exited(0))
                seen += String(decoding: out.readDataToEndOfFile(), as: UTF8.self)
                #expect(seen == "one two\n")
            }
        }
    }
}
