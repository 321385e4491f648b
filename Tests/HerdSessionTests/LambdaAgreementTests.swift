import HerdCore
import HerdRouter
import HerdTUI
import Testing

/// The panel re-ranks the last decision when `[`/`]` move λ; Enter then asks the router. For every
/// λ the keys reach, both must name the same member, runner-up and utilities.
@Suite struct LambdaAgreementTests {
    static let local = ServerEndpoint(baseURL: "http://127.0.0.1:1", name: "local")
    /// Two members of the same size, one not loaded (a higher cost, the same prior confidence): at
    /// λ 0 their utilities tie and the cheaper must win in both places.
    static let members = [
        Member(name: "big-cold", endpoint: local, sizeB: 8, loaded: false),
        Member(name: "big", endpoint: local, sizeB: 8, loaded: true),
        Member(name: "mid", endpoint: local, sizeB: 3, loaded: true),
        Member(name: "small", endpoint: local, sizeB: 0.5, loaded: true),
        Member(name: "gone", endpoint: local, sizeB: 1, loaded: true),
    ]

    @Test func panelReRankingAndTheNextDecisionAgreeForEveryLambda() {
        let router = Router(model: nil)
        let prompt = "what is the derivative of x^3?"
        func decide(_ l: Lambda) -> Decision { router.decide(prompt: prompt, members: Self.members, lambda: l, unavailable: ["gone"]) }
        var state = AppState(members: Self.members.map { MemberStatus(member: $0, reachable: $0.name != "gone") }, lambda: .zero)
        state.decision = decide(state.lambda)
        var seen: Set<String> = []
        func check() {
            let panel = state.decision!
            let next = decide(state.lambda)
            #expect(panel.chosen == next.chosen, "λ \(state.lambda)")
            #expect(panel.runnerUp == next.runnerUp, "λ \(state.lambda)")
            #expect(panel.scores.map(\.utility) == next.scores.map(\.utility), "λ \(state.lambda)")
            seen.insert(next.chosen)
        }
        // Up to λ 3 in steps of 0.05, then back down past 0 (where the tie is).
        for _ in 0..<60 { _ = App.update(&state, .key(.char("]"))); check() }
        for _ in 0..<62 { _ = App.update(&state, .key(.char("["))); check() }
        #expect(state.lambda == .zero)
        #expect(state.decision?.chosen == "big")
        // The grid crossed from quality to cost, so the agreement was tested on more than one answer.
        #expect(seen.isSuperset(of: ["big", "small"]))
    }
}
