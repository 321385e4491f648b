/// Why an answer over remembered servers is asked again after discovery.
public enum AskAttempt: Error, Equatable {
    /// No replica answered before the first token: the remembered servers may have changed.
    case staleServers
}
