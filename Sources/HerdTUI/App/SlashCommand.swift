import Foundation
import HerdCore

/// The slash commands typed in the input line; each mirrors a key.
public enum SlashCommand {
    /// Every command with its argument hint, for completion and help.
    public static let all: [(name: String, args: String, help: String)] = [
        ("/model", "NAME [once]", "pin a member for the conversation (or the next message)"),
        ("/auto", "", "back to routing"),
        ("/lambda", "X", "set λ, the quality ↔ cost knob (0 = best quality)"),
        ("/new", "", "start a new conversation"),
        ("/theme", "NAME", "switch theme"),
        ("/system", "TEXT", "set the system prompt (empty clears it)"),
        ("/set", "[NAME [VALUE|default]]", "generation options: temperature, top_p, max_tokens, num_ctx, stop (alone: list them)"),
        ("/export", "FILE", "write the conversation to FILE (.md or .json)"),
        ("/retry", "", "retry the last message with the next-best member"),
        ("/compare", "[K]", "send the next message to the top K members at once (K 2…4, default 2) and pick"),
        ("/cascade", "", "cascade on/off: the cheapest confident member first, escalating a weak answer"),
        ("/calibrate", "", "calibrate the router on your own models, in the background"),
        ("/help", "", "show the keys"),
        ("/quit", "", "leave Herd"),
    ]

    static func run(_ text: String, state: inout AppState) -> [Effect] {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0].lowercased()
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "/model", "/pin":
            var words = arg.split(separator: " ").map(String.init)
            let once = words.last == "once"
            if once { words.removeLast() }
            let wanted = words.joined(separator: " ")
            guard let m = state.members.first(where: { $0.name == wanted })
                ?? state.members.first(where: { $0.name.lowercased().hasPrefix(wanted.lowercased()) && !wanted.isEmpty })
            else {
                state.notice = wanted.isEmpty ? "usage: /model NAME [once]" : .error("no member named \"\(wanted)\" (have: \(state.members.map(\.name).joined(separator: ", ")))")
                return []
            }
            state.pin = Pin(member: m.name, scope: once ? .nextMessage : .conversation)
            state.notice = "\(m.name) pinned for \(once ? "the next message" : "this conversation")"
            return []
        case "/auto":
            return App.unpin(&state)
        case "/lambda", "/λ":
            guard let v = Lambda(parsing: arg) else {
                state.notice = "usage: /lambda X: \(Lambda.rule) (now \(String(format: "%.2f", state.lambda.value)))"
                return []
            }
            return App.setLambda(&state, v)
        case "/new":
            guard !state.isStreaming else {
                state.notice = "a reply is still streaming: Esc stops it"
                return []
            }
            state.conversation = Conversation(id: state.ids.next(), createdAt: state.wallClock)
            state.compare = nil
            state.decision = nil
            state.scroll = 0
            if state.pin?.scope == .conversation { state.pin = nil }
            state.notice = "new conversation"
            return [.newConversation(state.conversation)]
        case "/theme":
            guard !arg.isEmpty else { state.notice = "usage: /theme NAME"; return [] }
            return [.loadTheme(arg)]
        case "/system":
            state.systemPrompt = arg.isEmpty ? nil : arg
            state.notice = arg.isEmpty ? "system prompt cleared" : "system prompt set"
            return []
        case "/set":
            return GenerationCommand.run(arg, state: &state)
        case "/export":
            guard !arg.isEmpty else { state.notice = "usage: /export FILE"; return [] }
            return [.export(path: arg, conversation: state.conversation)]
        case "/retry":
            return App.retry(&state)
        case "/calibrate":
            return App.calibrate(&state)
        case "/cascade":
            return App.toggleCascade(&state)
        case "/compare":
            switch CompareRound.width(parsing: arg) {
            case let .success(k): return App.armCompare(&state, width: k)
            case let .failure(e):
                state.notice = .error("\(e)")
                return []
            }
        case "/help":
            state.showHelp = true
            return []
        case "/quit", "/q", "/exit":
            return App.quit(&state)
        default:
            state.notice = .error("unknown command \(name): try /help")
            return []
        }
    }

    /// Completes a command name, or a member name after `/model `.
    public static func completion(for input: String, members: [String]) -> String? {
        if let space = input.firstIndex(of: " ") {
            let cmd = input[..<space]
            let arg = input[input.index(after: space)...]
            guard cmd == "/model" || cmd == "/pin" || cmd == "/set" else { return nil }
            // After `/set `: the option names (one word only; a value is not completed).
            let names = cmd == "/set" ? GenerationOptions.Setting.allCases.map(\.key) : members
            if cmd == "/set", arg.contains(" ") { return nil }
            let hits = names.filter { $0.hasPrefix(arg) }
            guard let first = hits.first else { return nil }
            return "\(cmd) " + (hits.count == 1 ? first + (cmd == "/set" ? " " : "") : commonPrefix(hits))
        }
        let hits = all.map(\.name).filter { $0.hasPrefix(input) }
        guard let first = hits.first else { return nil }
        return hits.count == 1 ? first + " " : commonPrefix(hits).isEmpty ? first : commonPrefix(hits)
    }

    static func commonPrefix(_ xs: [String]) -> String {
        guard var p = xs.first else { return "" }
        for x in xs.dropFirst() {
            while !x.hasPrefix(p) { p.removeLast() }
        }
        return p
    }
}
