import Foundation

/// A program running in a detached tmux session of its own (its own server socket), for
/// end-to-end tests of the TUI: type into it, read the screen back.
public final class Tmux: Sendable {
    /// The tmux server socket name (`tmux -L`).
    public let socket: String
    public let cols: Int
    public let rows: Int
    private static let tmux = URL(fileURLWithPath: "/usr/bin/tmux")

    private init(socket: String, cols: Int, rows: Int) {
        self.socket = socket
        self.cols = cols
        self.rows = rows
    }

    /// Starts `command` in a `cols`×`rows` session with `environment` added. When the command
    /// ends, the pane says so and stays, so a crash is visible in the screen text.
    /// Starts `command` in tmux, lets `play` drive it, and kills the session whatever happens.
    public static func with(cols: Int, rows: Int, command: [String], environment: [String: String] = [:],
                            _ play: (Tmux) async throws -> Void) async throws {
        let tmux = try await start(cols: cols, rows: rows, command: command, environment: environment)
        do {
            try await play(tmux)
            await tmux.kill()
        } catch {
            await tmux.kill()
            throw error
        }
    }

    public static func start(cols: Int, rows: Int, command: [String], environment: [String: String] = [:]) async throws -> Tmux {
        guard FileManager.default.isExecutableFile(atPath: tmux.path) else {
            throw LaunchError("tmux is not installed at \(tmux.path) (apt-get install tmux)")
        }
        let socket = "herd-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        let env = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
        let shell = "env TERM=xterm-256color \(env) \(command.map(quote).joined(separator: " ")); echo \"[exited: $?]\"; sleep 600"
        let r = try await ProcessRunner.run(tmux, ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t",
                                                   "-x", String(cols), "-y", String(rows), shell])
        guard r.status == .exited(0) else { throw LaunchError("tmux new-session failed (\(r.status)): \(r.stderr)") }
        return Tmux(socket: socket, cols: cols, rows: rows)
    }

    /// `tmux send-keys` with key names (`Enter`, `M-2`, `Escape`, `C-c`).
    public func keys(_ names: String...) async throws {
        try await run(["send-keys", "-t", "t"] + names)
    }

    /// Types `text` literally.
    public func type(_ text: String) async throws {
        try await run(["send-keys", "-t", "t", "-l", text])
    }

    /// The screen as text, one line per row.
    public func screen() async throws -> String {
        try await run(["capture-pane", "-p", "-t", "t"])
    }

    /// Polls the screen every 100 ms until `condition` holds (returns true) or `timeout` seconds pass (false).
    public func waitFor(timeout: Double, _ condition: (String) -> Bool) async throws -> (ok: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while true {
            last = try await screen()
            if condition(last) { return (true, last) }
            if Date() > deadline { return (false, last) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The process the pane runs the command in (the child of the pane's shell), for signalling it
    /// (`kill -9` tests); `nil` once it has ended.
    public func commandPID() async throws -> Int32? {
        let shell = try await run(["display-message", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for e in entries where Int32(e) != nil {
            guard let stat = try? String(contentsOfFile: "/proc/\(e)/stat", encoding: .utf8) else { continue }
            // Fields after the command name (which may hold spaces): state, ppid, …
            let after = stat[stat.index(after: stat.lastIndex(of: ")") ?? stat.startIndex)...].split(separator: " ")
            if after.count > 1, after[1] == shell { return Int32(e) }
        }
        return nil
    }

    /// Ends the session and its tmux server.
    public func kill() async {
        _ = try? await ProcessRunner.run(Tmux.tmux, ["-L", socket, "kill-server"])
    }

    /// A tmux command on this session's server; its stdout.
    @discardableResult
    private func run(_ args: [String]) async throws -> String {
        let r = try await ProcessRunner.run(Tmux.tmux, ["-L", socket] + args)
        guard r.status == .exited(0) else { throw LaunchError("tmux \(args.first ?? "") failed (\(r.status)): \(r.stderr)") }
        return r.stdout
    }

    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
