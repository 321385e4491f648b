import HerdCore

/// `/set`: the session's generation options (`AppState.generation`), which every later reply is asked
/// with, over what the config sets for the member.
///
/// `/set` lists them, `/set NAME` shows one, `/set NAME VALUE` sets it, `/set NAME default` unsets it.
/// Values obey `GenerationOptions`' rules, the ones the config and `herd ask` use.
enum GenerationCommand {
    /// What an unset option falls back to.
    static let fallback = "the config's or the server's"

    static func run(_ arg: String, state: inout AppState) -> [Effect] {
        let words = arg.split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = words.first else {
            state.notice = Notice(list(state.generation))
            return []
        }
        guard let setting = GenerationOptions.Setting(key: first) else {
            let names = GenerationOptions.Setting.allCases.map(\.key).joined(separator: ", ")
            state.notice = .error("no setting \"\(first)\": /set takes \(names)")
            return []
        }
        let value = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        if value.isEmpty {
            state.notice = Notice(state.generation.text(of: setting).map { "\(setting.key) is \($0) for this session" }
                ?? "\(setting.key) is not set: \(fallback)")
            return []
        }
        if ["default", "unset", "off"].contains(value.lowercased()) {
            state.generation.clear(setting)
            state.notice = Notice("\(setting.key): \(fallback) again")
            return []
        }
        do {
            try state.generation.set(setting, text: value)
        } catch {
            state.notice = .error("\(error)")
            return []
        }
        var note = "\(setting.key) \(state.generation.text(of: setting) ?? value) for this session"
        if setting == .contextSize { note += " (Ollama members only: llama-server, vLLM and LM Studio fix it when they start)" }
        state.notice = Notice(note)
        return []
    }

    /// `/set` alone: what is set, then what is left to the config or the server.
    static func list(_ o: GenerationOptions) -> String {
        let all = GenerationOptions.Setting.allCases
        let set = all.compactMap { s in o.text(of: s).map { "\(s.key) \($0)" } }
        let unset = all.filter { o.text(of: $0) == nil }.map(\.key)
        var parts: [String] = []
        if !set.isEmpty { parts.append("set: " + set.joined(separator: ", ")) }
        if !unset.isEmpty { parts.append("\(fallback): " + unset.joined(separator: ", ")) }
        return parts.joined(separator: " · ") + " · /set NAME VALUE, /set NAME default"
    }
}
