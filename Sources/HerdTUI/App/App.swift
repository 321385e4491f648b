import HerdCore

/// The app's logic: a pure function from state and event to new state and effects.
public enum App {
    /// Seconds of no typing before the draft's decision is previewed.
    public static let previewDebounce = 0.3
    /// The λ step of `[` and `]`.
    public static let lambdaStep = 0.05

    public static func update(_ state: inout AppState, _ event: Event) -> [Effect] {
        if let effects = compareUpdate(&state, event) { return effects }
        if let effects = cascadeUpdate(&state, event) { return effects }
        switch event {
        case let .key(key):
            return handleKey(&state, key)
        case let .resize(cols, rows):
            state.cols = cols
            state.rows = rows
            return []
        case let .tick(t, wall):
            state.now = t
            if let wall { state.wallClock = wall }
            if let edited = state.lastEditAt, t - edited >= previewDebounce, !state.input.isEmpty,
               state.active == nil, !state.input.string.hasPrefix("/"), state.previewDraft != state.input.string {
                state.previewDraft = state.input.string
                state.lastEditAt = nil
                return [.preview(draft: state.input.string, lambda: state.lambda)]
            }
            return []
        case let .calibration(status, sources):
            state.calibration = status
            if let sources {
                for i in state.members.indices { if let s = sources[state.members[i].name] { state.members[i].source = s } }
            }
            if case let .failed(why) = status { state.notice = .error("calibration stopped: \(why)") }
            if case .finished = status { state.notice = Notice(status.line) }
            return []
        case let .herd(members, notice):
            state.members = members
            state.findingHerd = false
            if let notice { state.notice = notice.text.isEmpty ? nil : notice }
            return []
        case let .decided(id, decision):
            return decided(&state, id: id, decision: decision)
        case let .previewed(draft, decision):
            if draft == state.previewDraft { state.preview = decision }
            return []
        case let .token(id, text, at):
            guard var a = state.active, a.id == id else { return [] }
            state.conversation.messages[a.messageIndex].text += text
            a.tokens += 1
            if a.firstTokenAt == nil { a.firstTokenAt = at }
            a.lastTokenAt = at
            state.active = a
            state.now = max(state.now, at)
            // No save: the runtime has appended this token to the store already (see `Effect.stream`).
            return []
        case let .streamEnded(id, summary, at):
            guard let a = state.active, a.id == id else { return [] }
            var m = state.conversation.messages[a.messageIndex]
            m.status = .complete
            m.completionTokens = summary.completionTokens ?? a.tokens
            m.seconds = at - a.startedAt
            m.tokensPerSecond = summary.generationSeconds.flatMap { s in
                s > 0 ? Double(summary.completionTokens ?? a.tokens) / s : nil
            } ?? a.rate
            state.conversation.messages[a.messageIndex] = m
            state.lastRate = m.tokensPerSecond
            state.active = nil
            return [saveMessage(state, a.messageIndex)]
        case let .streamFailed(id, message, at):
            guard let a = state.active, a.id == id else { return [] }
            state.conversation.messages[a.messageIndex].status = .failed(message)
            state.conversation.messages[a.messageIndex].seconds = at - a.startedAt
            state.conversation.messages[a.messageIndex].completionTokens = a.tokens
            state.active = nil
            state.notice = .error(message)
            return [saveMessage(state, a.messageIndex)]
        case let .failover(id, step):
            guard let a = state.active, a.id == id else { return [] }
            // Kept on the message (saved with it when the stream ends); no save now, which would
            // race the tokens the runtime is appending.
            state.conversation.messages[a.messageIndex].failovers.append(step.text)
            state.notice = Notice(step.text)
            return []
        case let .cascadeThresholds(t):
            state.cascadeThresholds = t
            return []
        case let .replicas(up, unreachable):
            for i in state.members.indices {
                guard let n = up[state.members[i].name] else { continue }
                let usable = !unreachable.contains(state.members[i].name)
                state.members[i].replicasUp = n
                state.members[i].reachable = usable
                state.members[i].problem = usable ? nil : "no replica is up"
            }
            return []
        case let .notice(text):
            state.notice = text
            return []
        case let .themeLoaded(theme):
            state.theme = theme
            state.notice = "theme \(theme.name)"
            return []
        case let .loaded(conversation):
            state.conversation = conversation
            state.decision = conversation.messages.last(where: { $0.decision != nil })?.decision
            state.sent = conversation.messages.filter { $0.role == .user }.map(\.text)
            state.scroll = 0
            return []
        }
    }

    static func messageRef(_ state: AppState, _ index: Int) -> MessageRef {
        MessageRef(conversation: state.conversation.id, position: state.conversation.earlier + index,
                   message: state.conversation.messages[index].id)
    }

    static func saveMessage(_ state: AppState, _ index: Int) -> Effect {
        .save(conversation: state.conversation.id, message: state.conversation.messages[index],
              position: state.conversation.earlier + index)
    }

    // MARK: keys

    static func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        var action = state.keymap.action(for: key)
        // A character bound to an action ([ and ] by default) acts on an empty input only; in a draft it is text.
        if case .char = key, !state.input.isEmpty { action = nil }
        if state.showHelp {
            switch action {
            case .quit?: return quit(&state)
            case .help?, .stop?: state.showHelp = false
            default: if key == .esc || key == .char("q") { state.showHelp = false }
            }
            return []
        }
        if let effects = compareKey(&state, key, action: action) { return effects }
        if let action { return perform(&state, action) }
        if let n = state.keymap.pinNumber(for: key) { return pinKey(&state, n) }
        switch key {
        case let .char(c): edit(&state) { $0.insert(String(c)) }
        case let .paste(s): edit(&state) { $0.insert(s) }
        case .backspace: edit(&state) { $0.backspace() }
        case .delete: edit(&state) { $0.deleteForward() }
        case .ctrl("w"): edit(&state) { $0.deleteWordBack() }
        case .left: state.input.left()
        case .right: state.input.right()
        case .home, .ctrl("a"): state.input.home()
        case .end, .ctrl("e"): state.input.end()
        case .wordLeft: state.input.wordLeft()
        case .wordRight: state.input.wordRight()
        case .up: browseHistory(&state, back: true)
        case .down: browseHistory(&state, back: false)
        case .wheelUp: state.scroll += 3
        case .wheelDown: state.scroll = max(0, state.scroll - 3)
        case .tab: complete(&state)
        default: break
        }
        return []
    }

    /// What each bound action does: the one dispatch, whatever key the keymap gives it.
    static func perform(_ state: inout AppState, _ action: KeyAction) -> [Effect] {
        switch action {
        case .send: return submit(&state)
        case .newline: edit(&state) { $0.insert("\n") }
        case .stop:
            if let a = state.active {
                // A stopped cascade step is the answer: its text so far is what the person kept.
                if let run = state.cascade, run.steps.last == a.messageIndex {
                    state.conversation.messages[a.messageIndex].group?.chosen = true
                    state.cascade = nil
                }
                return stop(&state, a)
            }
            if state.compare?.isStreaming == true { return stopCompare(&state) }
            state.notice = nil
        case .pin: break  // a modifier, never a key of its own
        case .auto: return unpin(&state)
        case .retry: return retry(&state)
        case .rateUp: return rate(&state, up: true)
        case .rateDown: return rate(&state, up: false)
        case .lambdaDown: return setLambda(&state, state.lambda.stepped(by: -lambdaStep))
        case .lambdaUp: return setLambda(&state, state.lambda.stepped(by: lambdaStep))
        case .scrollUp: state.scroll += max(1, chatRows(state) - 2)
        case .scrollDown: state.scroll = max(0, state.scroll - max(1, chatRows(state) - 2))
        case .copyCode: return copyCode(&state)
        case .calibrate: return calibrate(&state)
        case .compare: return armCompare(&state, width: nil)
        case .help: state.showHelp = true
        case .quit: return quit(&state)
        }
        return []
    }

    /// Starts a background calibration unless one runs or there is no herd; the chat stays usable.
    static func calibrate(_ state: inout AppState) -> [Effect] {
        if state.calibration?.isRunning == true {
            state.notice = Notice(state.calibration!.line)
            return []
        }
        guard state.members.contains(where: \.reachable) else {
            state.notice = .error("nothing to calibrate: no reachable member")
            return []
        }
        state.calibration = .estimating
        return [.calibrate]
    }

    static func edit(_ state: inout AppState, _ change: (inout InputState) -> Void) {
        change(&state.input)
        state.lastEditAt = state.now
        state.historyIndex = nil
        if state.input.isEmpty { state.preview = nil; state.previewDraft = nil }
    }

    static func chatRows(_ state: AppState) -> Int { max(1, state.rows - 4) }

    static func browseHistory(_ state: inout AppState, back: Bool) {
        guard !state.sent.isEmpty, !state.input.text.contains("\n") || state.historyIndex != nil else { return }
        if back {
            let i = (state.historyIndex ?? state.sent.count) - 1
            guard i >= 0 else { return }
            state.historyIndex = i
            state.input = InputState(state.sent[i])
        } else {
            guard let cur = state.historyIndex else { return }
            if cur + 1 < state.sent.count {
                state.historyIndex = cur + 1
                state.input = InputState(state.sent[cur + 1])
            } else {
                state.historyIndex = nil
                state.input = InputState()
            }
        }
    }

    // MARK: sending

    static func submit(_ state: inout AppState) -> [Effect] {
        let raw = state.input.string
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        if text.hasPrefix("/") {
            state.input = InputState()
            state.historyIndex = nil
            return SlashCommand.run(text, state: &state)
        }
        if state.isStreaming {
            state.notice = "a reply is still streaming: Esc stops it"
            return []
        }
        // A comparison left without a pick: its answers stay, the first counts as the answer.
        state.compare = nil
        state.input = InputState()
        state.historyIndex = nil
        state.sent.append(text)
        state.preview = nil
        state.previewDraft = nil
        let history = requestHistory(state)
        state.conversation.messages.append(Message(id: state.ids.next(), role: .user, text: text, status: .complete))
        if state.conversation.title.isEmpty { state.conversation.title = String(text.prefix(60)) }
        let userIndex = state.conversation.messages.count - 1
        var effects: [Effect] = [saveMessage(state, userIndex)]
        if let k = state.compareNext {
            state.compareNext = nil
            return effects + startCompare(&state, prompt: text, history: history, width: k)
        }
        if state.cascadeOn, state.pin == nil { return effects + startCascade(&state, prompt: text, history: history) }
        let mode: Decision.Mode
        switch state.pin?.scope {
        case .nextMessage?: mode = .pinnedOnce
        case .conversation?: mode = .pinned
        case nil: mode = .auto
        }
        effects += startReply(&state, prompt: text, history: history, pin: state.pin?.member, mode: mode, exclude: [])
        if state.pin?.scope == .nextMessage { state.pin = nil }
        return effects
    }

    /// The turns before the new prompt, with the system prompt first.
    static func requestHistory(_ state: AppState) -> [ChatMessage] {
        var h: [ChatMessage] = []
        if let s = state.systemPrompt, !s.isEmpty { h.append(ChatMessage(role: .system, content: s)) }
        h += state.conversation.chatHistory
        return h
    }

    static func startReply(_ state: inout AppState, prompt: String, history: [ChatMessage], pin: String?,
                           mode: Decision.Mode, exclude: [String]) -> [Effect] {
        let id = state.nextID
        state.nextID += 1
        state.conversation.messages.append(Message(id: state.ids.next(), role: .assistant, text: "", status: .streaming))
        let index = state.conversation.messages.count - 1
        state.active = ActiveStream(id: id, messageIndex: index, prompt: prompt,
                                    messages: history + [ChatMessage(role: .user, content: prompt)],
                                    startedAt: state.now, tokens: 0, routed: false)
        state.scroll = 0
        state.notice = nil
        return [.route(id: id, prompt: prompt, history: history, lambda: state.lambda, pin: pin, mode: mode, exclude: exclude)]
    }

    static func decided(_ state: inout AppState, id: Int, decision: Decision) -> [Effect] {
        guard var a = state.active, a.id == id else { return [] }
        state.decision = decision
        a.routed = true
        state.active = a
        state.conversation.messages[a.messageIndex].member = decision.chosen
        state.conversation.messages[a.messageIndex].decision = decision
        var effects: [Effect] = [saveMessage(state, a.messageIndex)]
        if decision.mode != .auto, decision.mode != .retry, let routerChoice = decision.routerChoice, routerChoice != decision.chosen {
            effects.append(.feedback(Feedback(id: state.ids.next(), kind: .override, conversationID: state.conversation.id,
                                              messageID: state.conversation.messages[a.messageIndex].id, prompt: a.prompt,
                                              member: routerChoice, replacement: decision.chosen, lambda: decision.lambda,
                                              routerVersion: decision.routerVersion, createdAt: state.wallClock)))
        }
        effects.append(.stream(id: id, member: decision.chosen, request: ChatRequest(model: decision.chosen, messages: a.messages, options: state.generation),
                               saveAs: messageRef(state, a.messageIndex)))
        return effects
    }

    static func stop(_ state: inout AppState, _ a: ActiveStream) -> [Effect] {
        state.conversation.messages[a.messageIndex].status = .stopped
        state.conversation.messages[a.messageIndex].completionTokens = a.tokens
        state.conversation.messages[a.messageIndex].seconds = state.now - a.startedAt
        state.active = nil
        return [.cancel(id: a.id), saveMessage(state, a.messageIndex)]
    }

    static func quit(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        if let a = state.active { effects += stop(&state, a) }
        if state.compare?.isStreaming == true { effects += stopCompare(&state) }
        state.quitting = true
        effects.append(.quit)
        return effects
    }

    // MARK: routing controls

    static func setLambda(_ state: inout AppState, _ l: Lambda) -> [Effect] {
        state.lambda = l
        if let d = state.decision { state.decision = d.reranked(lambda: l) }
        if let p = state.preview { state.preview = p.reranked(lambda: l) }
        return []
    }

    static func pinKey(_ state: inout AppState, _ n: Int) -> [Effect] {
        guard n <= state.members.count else {
            state.notice = .error("no member \(n): the herd has \(state.members.count)")
            return []
        }
        let name = state.members[n - 1].name
        if let p = state.pin, p.member == name, p.scope == .nextMessage {
            state.pin = Pin(member: name, scope: .conversation)
            state.notice = "\(name) pinned for this conversation (Alt-0: back to auto)"
        } else {
            state.pin = Pin(member: name, scope: .nextMessage)
            state.notice = "\(name) pinned for the next message (Alt-\(n) again: whole conversation)"
        }
        return []
    }

    static func unpin(_ state: inout AppState) -> [Effect] {
        state.pin = nil
        state.notice = "auto: the router chooses"
        return []
    }

    static func retry(_ state: inout AppState) -> [Effect] {
        guard !state.isStreaming else {
            state.notice = "a reply is still streaming: Esc stops it"
            return []
        }
        guard let lastAssistant = state.conversation.messages.lastIndex(where: { $0.role == .assistant }),
              let userIndex = state.conversation.messages[..<lastAssistant].lastIndex(where: { $0.role == .user })
        else {
            state.notice = "nothing to retry yet"
            return []
        }
        let prompt = state.conversation.messages[userIndex].text
        let tried = state.conversation.messages[(userIndex + 1)...].compactMap { $0.role == .assistant ? $0.member : nil }
        let available = state.members.filter { $0.reachable && !tried.contains($0.name) }
        guard !available.isEmpty else {
            state.notice = "every member has answered this message already"
            return []
        }
        var history: [ChatMessage] = []
        if let s = state.systemPrompt, !s.isEmpty { history.append(ChatMessage(role: .system, content: s)) }
        history += Conversation(messages: Array(state.conversation.messages[..<userIndex])).chatHistory
        var effects: [Effect] = []
        if let previous = state.conversation.messages[lastAssistant].member {
            effects.append(.feedback(Feedback(id: state.ids.next(), kind: .retry, conversationID: state.conversation.id,
                                              messageID: state.conversation.messages[lastAssistant].id, prompt: prompt,
                                              member: previous, lambda: state.lambda.value,
                                              routerVersion: state.conversation.messages[lastAssistant].decision?.routerVersion, createdAt: state.wallClock)))
        }
        effects += startReply(&state, prompt: prompt, history: history, pin: nil, mode: .retry, exclude: tried)
        return effects
    }

    static func rate(_ state: inout AppState, up: Bool) -> [Effect] {
        guard let i = state.conversation.messages.lastIndex(where: { $0.role == .assistant && $0.status != .streaming }),
              let member = state.conversation.messages[i].member,
              let u = state.conversation.messages[..<i].last(where: { $0.role == .user })
        else {
            state.notice = "no answer to rate yet"
            return []
        }
        state.conversation.messages[i].rating = up ? 1 : -1
        state.notice = "rated \(member)'s answer \(up ? "up" : "down")"
        let m = state.conversation.messages[i]
        return [saveMessage(state, i), .feedback(Feedback(id: state.ids.next(), kind: .rating, conversationID: state.conversation.id, messageID: m.id,
                                                           prompt: u.text, member: member, rating: up ? 1 : -1, lambda: state.lambda.value,
                                                           routerVersion: m.decision?.routerVersion, createdAt: state.wallClock))]
    }

    static func copyCode(_ state: inout AppState) -> [Effect] {
        for m in state.conversation.messages.reversed() where m.role == .assistant {
            if let code = Markdown.lastCodeBlock(in: m.text) {
                state.notice = "copied \(code.split(separator: "\n", omittingEmptySubsequences: false).count) lines of code"
                return [.copy(code)]
            }
        }
        state.notice = "no code block to copy"
        return []
    }

    static func complete(_ state: inout AppState) {
        let s = state.input.string
        guard s.hasPrefix("/") else { return }
        if let c = SlashCommand.completion(for: s, members: state.members.map(\.name)) {
            state.input = InputState(c)
        }
    }
}
