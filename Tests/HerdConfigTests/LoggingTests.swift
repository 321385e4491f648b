import Foundation
@testable import HerdConfig
import Logging
import Testing

@Suite struct LoggingTests {
    @Test func linesGoToTheFileWithLevelLabelAndMetadata() throws {
        let dir = NSTemporaryDirectory() + "herd-log-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try LogFile(path: dir + "/sub/herd.log")
        var logger = Logger(label: "herd.test") { FileLogHandler(label: $0, file: file, level: .info) }
        logger[metadataKey: "conversation"] = "c1"
        logger.debug("hidden")
        logger.info("stream ended", metadata: ["member": "tiny-b"])
        logger.error("two\nlines")
        let lines = try String(contentsOfFile: dir + "/sub/herd.log", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info herd\.test: stream ended conversation=c1 member=tiny-b$"#,
                               options: .regularExpression) != nil)
        #expect(lines[1].contains("error herd.test: two\\nlines conversation=c1 (LoggingTests.swift:"))
    }

    @Test func theFileRotatesPastItsLimit() throws {
        let dir = NSTemporaryDirectory() + "herd-log-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try LogFile(path: dir + "/herd.log", maxBytes: 100)
        for i in 0..<12 { file.write("line \(i) 0123456789") }  // 18 bytes each: rotates after 5 lines
        let current = try String(contentsOfFile: dir + "/herd.log", encoding: .utf8)
        let previous = try String(contentsOfFile: dir + "/herd.log.1", encoding: .utf8)
        #expect(current.hasPrefix("line 10 "))
        #expect(previous.hasPrefix("line 5 "))
        #expect(current.utf8.count <= 100 && previous.utf8.count <= 100)
    }
}
