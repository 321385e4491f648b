import Foundation
import HerdBackends

/// Work nearly every `herd` command needs, begun on the second core while the main thread parses
/// the arguments (2.4 ms of `herd ask`'s start): the HTTP client's event loop, and a first read of
/// the config and of the remembered servers, which leaves the Swift runtime's type and conformance
/// caches and the page cache warm for the real reads a moment later. Measured on `herd ask --model`
/// (issue 14): the request went out 3–4 ms sooner. The results are dropped; nothing here can fail a command.
public enum StartupWarmup {
    /// Starts the warm-up and returns at once.
    public static func begin(environment: [String: String] = ProcessInfo.processInfo.environment) {
        Task.detached(priority: .high) {
            Backends.startClient()
            guard let settings = try? Settings.load(streamTimeout: nil, environment: environment) else { return }
            _ = KnownServers.load(from: settings.knownServersFile)
        }
    }
}
