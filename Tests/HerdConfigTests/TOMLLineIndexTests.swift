@testable import HerdConfig
import Testing

@Suite struct TOMLLineIndexTests {
    @Test func findsKeysInEveryKindOfPlace() {
        let text = """
            # comment: name = "not a key"
            theme = "x"   # trailing
            notes = \"\"\"
            url = "inside a multi-line string"
            \"\"\"
            list = [
              "a", # name = "in an array"
              "b",
            ]
            a.b."c d" = 1

            [[servers]]
            url = "http://one"

            [[servers]]
              url = "http://two"
            protocol = 'ollama'

            [router]
            embeddings = { server = "s", model = { id = "m" } }

            [router.extra]
            k = 1

            [[members]]
            name = "m0"
            [[members.tags]]
            label = "t"
            """
        let index = TOMLLineIndex(text: text)
        #expect(index.line(of: "theme") == 2)
        #expect(index.line(of: "notes") == 3)
        #expect(index.line(of: "url") == nil)  // the one in the string is not a key
        #expect(index.line(of: "name") == nil)
        #expect(index.line(of: "list") == 6)
        #expect(index.line(of: "a.b.c d") == 10)
        #expect(index.line(of: "a") == 10)
        #expect(index.line(of: "servers") == 12)
        #expect(index.line(of: "servers[0]") == 12)
        #expect(index.line(of: "servers[0].url") == 13)
        #expect(index.line(of: "servers[1]") == 15)
        #expect(index.line(of: "servers[1].url") == 16)
        #expect(index.line(of: "servers[1].protocol") == 17)
        #expect(index.line(of: "servers[1].name") == 15)  // absent: its table's line
        #expect(index.line(of: "router.embeddings.server") == 20)
        #expect(index.line(of: "router.embeddings.model.id") == 20)
        #expect(index.line(of: "router.extra.k") == 23)
        #expect(index.line(of: "members[0].name") == 26)
        #expect(index.line(of: "members[0].tags[0].label") == 28)
        #expect(index.range(ofTable: "servers[0]") == 12...14)
        #expect(index.range(ofTable: "members[0]") == 25...26)
        #expect(index.range(ofTable: "") == 1...11)
    }
}
