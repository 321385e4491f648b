import HerdBackends
import Testing

@Suite struct NDJSONParserTests {
    struct Obj: Decodable, Equatable {
        var a: Int
    }

    @Test func splitsLinesAcrossChunks() throws {
        let stream = Array("{\"a\":1}\n{\"a\":2}\r\n\n{\"a\":3}".utf8)
        for cut in 0...stream.count {
            var p = NDJSONParser()
            var lines = try p.feed(Array(stream[..<cut]))
            lines += try p.feed(Array(stream[cut...]))
            lines += p.finish()
            #expect(try lines.map { try $0.decode(Obj.self) } == [Obj(a: 1), Obj(a: 2), Obj(a: 3)], "cut at \(cut)")
        }
    }

    @Test func lineNumbersCountBlankLines() throws {
        var p = NDJSONParser()
        let lines = try p.feed("{\"a\":1}\n\n   \n{\"a\":2}\n")
        #expect(lines.map(\.number) == [1, 4])
    }

    @Test func malformedLineNamesItsNumber() throws {
        var p = NDJSONParser()
        let lines = try p.feed("{\"a\":1}\n{\"a\":\n")
        #expect(throws: Never.self) { try lines[0].decode(Obj.self) }
        do {
            _ = try lines[1].decode(Obj.self)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.contains("line 2"))
        }
    }

    @Test func multiByteCharacterSplitAcrossChunks() throws {
        let bytes = Array("{\"s\":\"🦙\"}\n".utf8)
        var p = NDJSONParser()
        var lines: [NDJSONLine] = []
        for b in bytes { lines += try p.feed([b]) }
        #expect(lines.map(\.text) == ["{\"s\":\"🦙\"}"])
    }

    @Test func invalidUTF8IsReplaced() throws {
        var p = NDJSONParser()
        let lines = try p.feed([0x7B, 0xFF, 0x7D, 0x0A])
        #expect(lines.map(\.text) == ["{\u{FFFD}}"])
    }
}
