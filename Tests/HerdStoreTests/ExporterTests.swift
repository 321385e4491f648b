import Foundation
import HerdCore
import HerdStore
import Testing

@Suite struct ExporterTests {
    @Test func markdownShowsWhoAnsweredHowItWasChosenAndHowItEnded() {
        let c = Fixtures.conversation(title: "calculus")
        let md = ConversationExporter.markdown(c)
        #expect(md.hasPrefix("# calculus\n"))
        #expect(md.contains("- id: `\(c.id.uuidString.lowercased())`"))
        #expect(md.contains("- members: tiny-b, tiny-a, tiny-c"))
        #expect(md.contains("## you\n\nwhat is the derivative of x^3?\n"))
        #expect(md.contains("## tiny-b · 4 tokens · 16 tok/s · rated +\n\n3x^2\n"))
        #expect(md.contains("> router: auto · λ 0.30 · confidence 0.82 · runner-up tiny-a · math, short"))
        #expect(md.contains("4x\n\n*(stopped)*"))
        #expect(md.contains("> router: pinned · λ 0.30 · confidence 0.31 · router chose tiny-b"))
        #expect(md.contains("*(failed: tiny-c is unreachable: refused)*"))
    }

    @Test func jsonCarriesStatusWordsAndDecisions() throws {
        let c = Fixtures.conversation()
        let text = try ConversationExporter.json(c)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let record = try decoder.decode(ConversationRecord.self, from: Data(text.utf8))
        #expect(record.id == c.id.uuidString.lowercased())
        #expect(record.messages.map(\.status) == ["complete", "complete", "complete", "complete", "stopped", "complete", "failed"])
        #expect(record.messages[6].failureReason == "tiny-c is unreachable: refused")
        #expect(record.messages[4].decision == c.messages[4].decision)
        #expect(record.createdAt == c.createdAt)
        #expect(record.members == ["tiny-b", "tiny-a", "tiny-c"])
    }
}
