import Foundation
import HerdBackends
import HerdConfig
import Synchronization

/// Work a command needs before its first request, begun on the second core while the main thread
/// parses the arguments (2.1 ms of `herd ask`'s start): the HTTP client's event loop and its first
/// connection's type lookups (`Backends.startClient`), the config file and the remembered servers
/// (`KnownServers`). Measured on `herd ask --model` (issue 14): starting the
/// client and reading the remembered servers here sent the request 0.7 ms sooner; reading the config
/// and keeping both for the command, instead of reading them again after parsing, took another
/// ~0.6 ms off the main thread (perf, 40 runs).
public enum StartupWarmup {
    /// What the warm-up read: the config's settings (or why they could not be read) and the remembered servers.
    struct Preload: Sendable {
        var settings: Result<Settings, Error>
        var known: KnownServers?
    }

    private static let preload = Mutex<Task<Preload, Never>?>(nil)

    /// Starts the warm-up and returns at once.
    /// - Parameter environment: the process's when `nil`, read on the second core too (its first
    ///   read builds a dictionary of every variable).
    public static func begin(environment: [String: String]? = nil) {
        // On a thread of its own, not in the task: starting the event loop blocks until its threads
        // run, and a task blocked there held one of the cooperative pool's two threads meanwhile.
        // `scripts/ask-timeline`, two runs of 61 interleaved with the build before: the request went
        // out 0.35–0.45 ms sooner, the first token 0.85 ms sooner.
        PlainThread.detach { Backends.startClient() }
        // At the priority of the command's own task, whose first hop to the pool then finds the
        // thread this one started: with `.high` it waited for a thread of its own, 1.6 ms after
        // parsing against 0.3 (uprobes, one run of 25 `herd ask` each; issue 14).
        let task = Task.detached {
            read(environment: environment ?? ProcessInfo.processInfo.environment)
        }
        preload.withLock { $0 = task }
    }

    /// The config's settings and the remembered servers they point to.
    static func read(environment: [String: String]) -> Preload {
        let settings = Result { try Settings.load(environment: environment) }
        let known = (try? settings.get()).flatMap { KnownServers.load(from: $0.knownServersFile) }
        return Preload(settings: settings, known: known)
    }

    /// The settings (`Settings.load(streamTimeout:)`) and the remembered servers the warm-up read,
    /// waiting for it if need be; read now when no warm-up ran or its result was taken already
    /// (it is handed out once, so that a later reader sees the files as they are then).
    /// - Throws: the config's `ConfigError`, as `Settings.load` does.
    public static func settings(streamTimeout: Double?) async throws -> (Settings, KnownServers?) {
        let pending = preload.withLock { task -> Task<Preload, Never>? in
            defer { task = nil }
            return task
        }
        let loaded = await pending?.value ?? read(environment: ProcessInfo.processInfo.environment)
        return (try loaded.settings.get().overriding(streamTimeout: streamTimeout), loaded.known)
    }
}
