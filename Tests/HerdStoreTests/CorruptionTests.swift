import Foundation
import GRDB
import HerdCore
@testable import HerdStore
import HerdTestSupport
import Testing

@Suite struct CorruptionTests {
    @Test func garbageFileIsReportedAsCorruptWithItsPath() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        try Data(repeating: 0x5A, count: 10_000).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Store.open(path: path)
            Issue.record("a file of garbage opened as a database")
        } catch let StoreError.corrupt(p, cause) {
            #expect(p == path)
            #expect(!cause.isEmpty)
            #expect(StoreError.corrupt(p, cause).description.contains(path))
        }
    }

    @Test func recoveryKeepsTheDamagedFileWithItsWALAndStartsANewOne() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try garbage.write(to: URL(fileURLWithPath: path))

        let (store, recovered) = try Store.openOrRecover(path: path)
        let kept = try #require(recovered)
        #expect(kept.hasPrefix(path + ".corrupt-"))
        #expect(FileManager.default.contents(atPath: kept) == garbage)
        let c = Fixtures.conversation()
        try store.createConversation(c)
        #expect(try store.conversation(id: c.id) == c)

        // Starting again does not move anything: the new file is fine.
        let (_, again) = try Store.openOrRecover(path: path)
        #expect(again == nil)
    }

    @Test func movingAsideTakesTheWALAlongAndNeverOverwritesAnEarlierCopy() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        var kept: [String] = []
        for round in 0..<2 {
            try Data("db \(round)".utf8).write(to: URL(fileURLWithPath: path))
            try Data("wal \(round)".utf8).write(to: URL(fileURLWithPath: path + "-wal"))
            try Data("shm \(round)".utf8).write(to: URL(fileURLWithPath: path + "-shm"))
            kept.append(try Store.moveAside(path))
        }
        #expect(kept[0] != kept[1])  // same second: the second copy gets a suffix
        for (round, k) in kept.enumerated() {
            #expect(FileManager.default.contents(atPath: k) == Data("db \(round)".utf8))
            #expect(FileManager.default.contents(atPath: k + "-wal") == Data("wal \(round)".utf8))
            #expect(FileManager.default.contents(atPath: k + "-shm") == Data("shm \(round)".utf8))
        }
        for suffix in ["", "-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: path + suffix)) }
    }

    @Test func damagedPagesInsideAValidFileAreCaughtOnOpen() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        do {
            let store = try Store.open(path: path)
            for i in 0..<200 {
                try store.createConversation(Fixtures.conversation(prompt: "prompt number \(i) " + String(repeating: "padding ", count: 40)))
            }
            // Move everything from the WAL into the main file, so damaging the file damages the data.
            try store.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        #expect(size > 40_000)
        // Keep page 1 (header and schema root) intact; scribble over pages further in.
        try handle.seek(toOffset: 4096 * 3)
        handle.write(Data(repeating: 0xEE, count: 4096 * 4))
        try handle.close()

        #expect(throws: StoreError.self) { try Store.open(path: path) }
        let (store, kept) = try Store.openOrRecover(path: path)
        #expect(kept != nil)
        #expect(try store.conversations(search: nil).isEmpty)
    }

    @Test func aFolderInPlaceOfTheFileIsUnreadableAndNotMovedAside() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("herd.sqlite")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(throws: StoreError.unreadable(path, "it is a folder, not a file")) { try Store.openOrRecover(path: path) }
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue)
    }

    @Test func missingFolderIsCreated() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("a/b/c/herd.sqlite")
        let store = try Store.open(path: path)
        try store.createConversation(Conversation())
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
