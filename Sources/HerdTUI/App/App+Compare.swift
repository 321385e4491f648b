import Foundation
import HerdCore

/// Compare mode's part of `App.update`: one prompt to the router's top K members at once, their
/// answers side by side, the person's pick becomes the answer and teaches the router.
extension App {
    /// Arms (or disarms, when armed) a comparison of `width` members for the next message.
    static func armCompare(_ state: inout AppState, width: Int?) -> [Effect] {
        if width == nil, state.compareNext != nil {
            state.compareNext = nil
            state.notice = "compare off: the next message goes to one member"
            return []
        }
        let k = width ?? CompareRound.defaultWidth
        let reachable = state.members.filter(\.reachable).count
        guard reachable >= 2 else {
            state.notice = .error("compare needs two reachable members; the herd has \(reachable)")
            return []
        }
        state.compareNext = min(k, reachable)
        let note = k > reachable ? " (only \(reachable) reachable)" : ""
        state.notice = Notice("compare: the next message goes to the top \(state.compareNext!) members at once" + note)
        return []
    }

    /// Sends the user's prompt to be routed for a comparison (the decision names the members).
    static func startCompare(_ state: inout AppState, prompt: String, history: [ChatMessage], width: Int) -> [Effect] {
        let id = state.nextID
        state.nextID += 1
        state.compare = CompareRound(group: state.ids.next(), routeID: id, width: width, prompt: prompt,
                                     messages: history + [ChatMessage(role: .user, content: prompt)], startedAt: state.now)
        state.scroll = 0
        state.notice = nil
        return [.route(id: id, prompt: prompt, history: history, lambda: state.lambda, pin: nil, mode: .compare, exclude: [])]
    }

    /// The events of a running comparison; `nil` when the event is not the comparison's.
    static func compareUpdate(_ state: inout AppState, _ event: Event) -> [Effect]? {
        guard var round = state.compare else { return nil }
        switch event {
        case let .decided(id, decision) where id == round.routeID && round.columns.isEmpty:
            let names = CompareRound.members(decision, k: round.width)
            guard !names.isEmpty else {
                state.compare = nil
                state.notice = .error("no reachable member can take the message")
                return []
            }
            var d = decision
            d.mode = .compare
            round.decision = d
            state.decision = d
            var effects: [Effect] = []
            for (slot, name) in names.enumerated() {
                let streamID = state.nextID
                state.nextID += 1
                var md = d
                md.chosen = name
                state.conversation.messages.append(Message(id: state.ids.next(), role: .assistant, text: "", member: name, status: .streaming,
                                                           decision: md, group: AnswerGroup(kind: .compare, id: round.group, slot: slot)))
                let index = state.conversation.messages.count - 1
                round.columns.append(CompareColumn(streamID: streamID, member: name, messageIndex: index))
                effects.append(saveMessage(state, index))
                effects.append(.stream(id: streamID, member: name, request: ChatRequest(model: name, messages: round.messages, options: state.generation),
                                       saveAs: messageRef(state, index)))
            }
            if names.count < round.width { state.notice = "only \(names.count) member\(names.count == 1 ? "" : "s") can answer" }
            state.compare = round
            return effects
        case let .token(id, text, at):
            guard let c = round.column(stream: id), round.columns[c].live else { return nil }
            state.conversation.messages[round.columns[c].messageIndex].text += text
            round.columns[c].tokens += 1
            if round.columns[c].firstTokenAt == nil { round.columns[c].firstTokenAt = at }
            round.columns[c].lastTokenAt = at
            state.now = max(state.now, at)
            state.compare = round
            return []
        case let .streamEnded(id, summary, at):
            guard let c = round.column(stream: id), round.columns[c].live else { return nil }
            let col = round.columns[c]
            var m = state.conversation.messages[col.messageIndex]
            m.status = .complete
            m.completionTokens = summary.completionTokens ?? col.tokens
            m.seconds = at - round.startedAt
            m.tokensPerSecond = summary.generationSeconds.flatMap { s in s > 0 ? Double(summary.completionTokens ?? col.tokens) / s : nil } ?? col.rate
            state.conversation.messages[col.messageIndex] = m
            round.columns[c].live = false
            state.compare = round
            if !round.isStreaming { state.notice = Notice(pickHint(round)) }
            return [saveMessage(state, col.messageIndex)]
        case let .streamFailed(id, message, at):
            if id == round.routeID, round.columns.isEmpty {
                state.compare = nil
                state.notice = .error(message)
                return []
            }
            guard let c = round.column(stream: id), round.columns[c].live else { return nil }
            let col = round.columns[c]
            state.conversation.messages[col.messageIndex].status = .failed(message)
            state.conversation.messages[col.messageIndex].seconds = at - round.startedAt
            state.conversation.messages[col.messageIndex].completionTokens = col.tokens
            round.columns[c].live = false
            state.compare = round
            return [saveMessage(state, col.messageIndex)]
        default:
            return nil
        }
    }

    static func pickHint(_ round: CompareRound) -> String {
        "pick the better answer: 1…\(round.columns.count), or ←/→ and Enter"
    }

    /// Keys while a comparison waits for its pick, on an empty input: a digit or arrows + Enter
    /// pick, the stop key stops every stream. `nil`: the key is not the comparison's.
    static func compareKey(_ state: inout AppState, _ key: Key, action: KeyAction?) -> [Effect]? {
        guard var round = state.compare, !round.columns.isEmpty, state.input.isEmpty else { return nil }
        if action == .stop, round.isStreaming { return stopCompare(&state) }
        switch key {
        case let .char(ch):
            guard let n = ch.wholeNumberValue, (1...round.columns.count).contains(n) else { return nil }
            return pick(&state, column: n - 1)
        case .left, .right:
            round.selected = (round.selected + (key == .left ? round.columns.count - 1 : 1)) % round.columns.count
            state.compare = round
            return []
        case .enter:
            return pick(&state, column: round.selected)
        default:
            return nil
        }
    }

    /// Esc: every stream of the comparison stops; what came so far is kept and can be picked.
    static func stopCompare(_ state: inout AppState) -> [Effect] {
        guard var round = state.compare else { return [] }
        var effects: [Effect] = []
        for c in round.columns.indices where round.columns[c].live {
            let col = round.columns[c]
            state.conversation.messages[col.messageIndex].status = .stopped
            state.conversation.messages[col.messageIndex].completionTokens = col.tokens
            state.conversation.messages[col.messageIndex].seconds = state.now - round.startedAt
            round.columns[c].live = false
            effects += [.cancel(id: col.streamID), saveMessage(state, col.messageIndex)]
        }
        state.compare = round
        state.notice = Notice("stopped · " + pickHint(round))
        return effects
    }

    /// The pick: that column becomes the conversation's answer, every column is saved with the
    /// mark, and the router learns the pairwise preferences (picked ≻ each other).
    static func pick(_ state: inout AppState, column: Int) -> [Effect] {
        guard let round = state.compare, round.columns.indices.contains(column) else { return [] }
        var effects: [Effect] = []
        if round.isStreaming { effects += stopCompare(&state) }
        let winner = round.columns[column]
        for col in round.columns {
            state.conversation.messages[col.messageIndex].group?.chosen = col.streamID == winner.streamID
            effects.append(saveMessage(state, col.messageIndex))
        }
        let losers = round.columns.map(\.member).filter { $0 != winner.member }
        var confidences: [String: Double] = [:]
        for name in round.columns.map(\.member) { confidences[name] = round.decision?.score(of: name)?.confidence }
        let picked = state.conversation.messages[winner.messageIndex]
        effects.append(.preference(Preference(id: state.ids.next(), conversationID: state.conversation.id, messageID: picked.id,
                                              prompt: round.prompt, winner: winner.member, losers: losers, confidences: confidences,
                                              lambda: state.lambda.value, routerVersion: round.decision?.routerVersion,
                                              createdAt: state.wallClock)))
        state.decision = picked.decision
        state.lastRate = picked.tokensPerSecond
        state.compare = nil
        state.notice = Notice("picked \(winner.member)'s answer; the router learns \(winner.member) ≻ " + losers.joined(separator: ", "))
        return effects
    }
}
