import Foundation
import HerdCore
@testable import HerdTUI
import Testing

/// `App.update` is a function of state and events: no `UUID()` or `Date()` inside, so the same
/// events from the same state give equal states and effects, IDs and timestamps included.
@Suite struct DeterminismTests {
    static func play() -> (AppState, [Effect]) {
        var s = Fixtures.state()
        s.ids = IDSource(seed: 42)
        s.conversation = Conversation(id: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!, createdAt: Date(timeIntervalSince1970: 0))
        var effects: [Effect] = []
        effects += App.update(&s, .tick(100, wall: Date(timeIntervalSince1970: 1_800_000_000)))
        effects += Fixtures.send("what is 2+2?", &s)
        if case let .route(id, _, _, _, _, _, _)? = effects.last {
            effects += App.update(&s, .decided(id: id, Fixtures.decision(chosen: "tiny-a", mode: .pinned, routerChoice: "tiny-b")))
            effects += App.update(&s, .token(id: id, text: "4", at: 100.1))
            effects += App.update(&s, .streamEnded(id: id, StreamSummary(), at: 100.2))
        }
        effects += App.update(&s, .key(.ctrl("u")))
        effects += App.update(&s, .key(.paste("/new")))
        effects += App.update(&s, .key(.enter))
        return (s, effects)
    }

    @Test func sameEventsSameIDsAndTimes() {
        let (a, ea) = Self.play()
        let (b, eb) = Self.play()
        #expect(ea == eb)
        #expect(a.conversation == b.conversation)
        let feedback = ea.compactMap { if case let .feedback(f) = $0 { return f } else { return nil } }
        #expect(feedback.count == 2)  // the override of the router's choice, then the rating
        #expect(feedback.allSatisfy { $0.createdAt == Date(timeIntervalSince1970: 1_800_000_000) })
        #expect(a.conversation.createdAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(Set(ea.compactMap { if case let .save(_, m, _) = $0 { return m.id } else { return nil } }).count == 2)
    }

    @Test func idsDifferBySeedAndCounter() {
        var a = IDSource(seed: 1), b = IDSource(seed: 2)
        let a1 = a.next(), a2 = a.next(), b1 = b.next()
        #expect(Set([a1, a2, b1]).count == 3)
        #expect(a1.uuidString.dropFirst(14).first == "4", "version 4 shape: \(a1)")
    }
}
