import HerdBackends
import NIOCore
import Testing

@Suite struct SSEParserTests {
    /// Feeds `text` split at every cut point in `cuts` and returns all events.
    func parse(_ chunks: [[UInt8]]) throws -> [SSEEvent] {
        var p = SSEParser()
        var out: [SSEEvent] = []
        for c in chunks { out += try p.feed(c) }
        out += try p.finish()
        return out
    }

    @Test func singleEvent() throws {
        var p = SSEParser()
        let events = try p.feed("data: {\"a\":1}\n\n")
        #expect(events == [SSEEvent(data: "{\"a\":1}")])
        #expect(events[0].line == 1)
    }

    @Test func eventNotDispatchedBeforeBlankLine() throws {
        var p = SSEParser()
        #expect(try p.feed("data: x\n").isEmpty)
        #expect(try p.feed("\n") == [SSEEvent(data: "x")])
    }

    @Test func everySplitPointGivesTheSameEvents() throws {
        let stream = Array("data: héllo 🦙\r\n\r\n: keep-alive\r\nevent: note\ndata: a\ndata: b\r\rdata: [DONE]\n\n".utf8)
        let whole = try parse([stream])
        #expect(whole == [SSEEvent(data: "héllo 🦙"), SSEEvent(event: "note", data: "a\nb"), SSEEvent(data: "[DONE]")])
        for cut in 1..<stream.count {
            #expect(try parse([Array(stream[..<cut]), Array(stream[cut...])]) == whole, "cut at \(cut)")
        }
        // Byte by byte: splits inside CRLF and inside the 4-byte emoji.
        #expect(try parse(stream.map { [$0] }) == whole)
    }

    @Test func crlfSplitAcrossChunksIsOneLineEnd() throws {
        var p = SSEParser()
        #expect(try p.feed("data: a\r").isEmpty)
        // The LF completing the CRLF must not count as the blank line that dispatches.
        #expect(try p.feed("\n").isEmpty)
        #expect(try p.feed("\r\n") == [SSEEvent(data: "a")])
    }

    @Test func loneCRIsALineEnd() throws {
        var p = SSEParser()
        #expect(try p.feed("data: a\r\rdata: b\r\r") == [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    @Test func commentsAreIgnored() throws {
        var p = SSEParser()
        #expect(try p.feed(": ping\n\n:\n\ndata: x\n: mid-event comment\n\n") == [SSEEvent(data: "x")])
    }

    @Test func multiLineData() throws {
        var p = SSEParser()
        #expect(try p.feed("data: line one\ndata:line two\ndata\n\n") == [SSEEvent(data: "line one\nline two\n")])
    }

    @Test func onlyOneLeadingSpaceIsStripped() throws {
        var p = SSEParser()
        #expect(try p.feed("data:  two spaces\n\n") == [SSEEvent(data: " two spaces")])
    }

    @Test func doneMarker() throws {
        var p = SSEParser()
        let events = try p.feed("data: {}\n\ndata: [DONE]\n\n")
        #expect(events.last?.isDone == true)
        #expect(events.first?.isDone == false)
        #expect(p.sawDone)
    }

    @Test func idRetryAndEventFields() throws {
        var p = SSEParser()
        let e = try p.feed("id: 7\nretry: 1500\nevent: update\ndata: x\n\ndata: y\n\n")
        #expect(e.count == 2)
        #expect(e[0].id == "7" && e[0].retry == 1500 && e[0].event == "update")
        // The id persists (spec: last event ID), the event type does not.
        #expect(e[1].id == "7" && e[1].event == nil)
    }

    @Test func llamaServerErrorLine() throws {
        var p = SSEParser()
        let e = try p.feed("error: {\"code\":500,\"message\":\"boom\"}\n\n")
        #expect(e == [SSEEvent(event: "error", data: "{\"code\":500,\"message\":\"boom\"}")])
    }

    @Test func garbageLineIsAClearError() throws {
        var p = SSEParser()
        _ = try p.feed("data: ok\n\n")
        do {
            _ = try p.feed("this is not sse\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.contains("line 3"))
            #expect(error.description.contains("this is not sse"))
        }
    }

    @Test func unknownFieldIsAnError() throws {
        var p = SSEParser()
        #expect(throws: StreamParseError.self) { try p.feed("{\"choices\": []}\n") }
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        var p = SSEParser()
        let bytes: [UInt8] = Array("data: a".utf8) + [0xFF, 0xC3] + Array("b\n\n".utf8)
        let e = try p.feed(bytes)
        #expect(e.count == 1)
        #expect(e[0].data.hasPrefix("a\u{FFFD}"))
        #expect(e[0].data.hasSuffix("b"))
    }

    @Test func byteBufferInput() throws {
        var p = SSEParser()
        var buf = ByteBufferAllocator().buffer(capacity: 32)
        buf.writeString("data: from a buffer\n\n")
        #expect(try p.feed(buf) == [SSEEvent(data: "from a buffer")])
    }

    @Test func finishDispatchesAnUnterminatedEvent() throws {
        var p = SSEParser()
        #expect(try p.feed("data: [DONE]").isEmpty)
        #expect(try p.finish() == [SSEEvent(data: "[DONE]")])
    }

    @Test func overlongLineIsAnError() throws {
        var p = SSEParser(maxLineBytes: 16)
        #expect(throws: StreamParseError.self) { try p.feed("data: " + String(repeating: "x", count: 40)) }
    }
}
