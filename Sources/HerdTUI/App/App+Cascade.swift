import Foundation
import HerdCore

/// Cascade mode's part of `App.update` (`/cascade`, `routing = "cascade"`): the cheapest member
/// whose confidence clears its threshold answers first; a weak answer (empty, truncated, a refusal,
/// low mean log-probability) escalates to the next member by utility. Both answers stay.
extension App {
    /// `/cascade`: on or off for the session.
    static func toggleCascade(_ state: inout AppState) -> [Effect] {
        state.cascadeOn.toggle()
        state.notice = state.cascadeOn
            ? "cascade on: the cheapest confident member answers first; a weak answer goes to the next"
            : "cascade off: the router's best member answers"
        return []
    }

    static func startCascade(_ state: inout AppState, prompt: String, history: [ChatMessage]) -> [Effect] {
        let id = state.nextID
        state.nextID += 1
        state.cascade = CascadeRun(group: state.ids.next(), routeID: id, prompt: prompt,
                                   messages: history + [ChatMessage(role: .user, content: prompt)])
        state.scroll = 0
        state.notice = nil
        return [.route(id: id, prompt: prompt, history: history, lambda: state.lambda, pin: nil, mode: .cascade, exclude: [])]
    }

    /// The events of a running cascade; `nil` when the event is not the cascade's.
    static func cascadeUpdate(_ state: inout AppState, _ event: Event) -> [Effect]? {
        guard let run = state.cascade else { return nil }
        switch event {
        case let .decided(id, decision) where id == run.routeID && run.steps.isEmpty:
            var d = decision
            d.mode = .cascade
            state.cascade?.decision = d
            state.decision = d
            guard let i = CascadePolicy.first(d.scores, thresholds: state.cascadeThresholds) else {
                state.cascade = nil
                state.notice = .error("no reachable member can take the message")
                return []
            }
            return startStep(&state, member: d.scores[i].member)
        case let .streamFailed(id, message, _) where id == run.routeID && run.steps.isEmpty:
            state.cascade = nil
            state.notice = .error(message)
            return []
        case let .streamEnded(id, summary, at):
            guard let a = state.active, a.id == id, run.steps.last == a.messageIndex else { return nil }
            let effects = plainly(&state, .streamEnded(id: id, summary, at: at))  // status, rate, save as any reply
            let text = state.conversation.messages[a.messageIndex].text
            let member = state.conversation.messages[a.messageIndex].member ?? ""
            let threshold = WeakAnswer.logprobThreshold(of: state.members.first { $0.name == member }?.member)
            let why = WeakAnswer.reason(text: text, summary: summary, logprobThreshold: threshold)
            return effects + settle(&state, step: a.messageIndex, weak: why)
        case let .streamFailed(id, message, at):
            guard let a = state.active, a.id == id, run.steps.last == a.messageIndex else { return nil }
            let effects = plainly(&state, .streamFailed(id: id, message: message, at: at))
            return effects + settle(&state, step: a.messageIndex, weak: "failed")
        default:
            return nil
        }
    }

    /// After a step ended: escalate when it was weak and a stronger member is left, else it answers.
    /// `update` for an event as if no cascade ran (a step ends like any reply).
    private static func plainly(_ state: inout AppState, _ event: Event) -> [Effect] {
        let run = state.cascade
        state.cascade = nil
        defer { state.cascade = run }
        return update(&state, event)
    }

    private static func settle(_ state: inout AppState, step index: Int, weak: String?) -> [Effect] {
        guard let run = state.cascade, let d = run.decision else { return [] }
        let current = state.conversation.messages[index].member ?? ""
        if let weak, let next = CascadePolicy.escalation(d.scores, asked: Set(run.asked), current: current, weak: weak,
                                                          steps: run.steps.count) {
            state.conversation.messages[index].group?.note = weak
            let to = d.scores[next].member
            state.notice = Notice("\(current): \(weak) → asking \(to)")
            return [saveMessage(state, index)] + startStep(&state, member: to)
        }
        state.conversation.messages[index].group?.chosen = true
        if let weak { state.conversation.messages[index].group?.note = weak + " (no stronger member left)" }
        state.cascade = nil
        return [saveMessage(state, index)]
    }

    /// Streams one step from `member`, as an answer of the run's group.
    private static func startStep(_ state: inout AppState, member: String) -> [Effect] {
        guard var run = state.cascade, let d = run.decision else { return [] }
        let id = state.nextID
        state.nextID += 1
        var md = d
        md.chosen = member
        state.conversation.messages.append(Message(id: state.ids.next(), role: .assistant, text: "", member: member, status: .streaming,
                                                   decision: md, group: AnswerGroup(kind: .cascade, id: run.group, slot: run.steps.count)))
        let index = state.conversation.messages.count - 1
        run.asked.append(member)
        run.steps.append(index)
        state.cascade = run
        state.decision = md
        state.active = ActiveStream(id: id, messageIndex: index, prompt: run.prompt, messages: run.messages,
                                    startedAt: state.now, tokens: 0, routed: true)
        return [saveMessage(state, index),
                .stream(id: id, member: member, request: ChatRequest(model: member, messages: run.messages, options: state.generation, logprobs: true),
                        saveAs: messageRef(state, index))]
    }
}
