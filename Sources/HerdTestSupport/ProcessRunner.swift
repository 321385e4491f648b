import Foundation

/// Runs a command to completion and captures its output (for the launcher scripts).
enum ProcessRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Output goes to temporary files, not pipes: herd-up leaves llama-server running in the
    /// background, and a daemon that inherits a pipe would keep it open forever.
    static func run(_ executable: URL, _ args: [String]) throws -> Output {
        let dir = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let outURL = dir.appendingPathComponent("herd-run-\(id).out")
        let errURL = dir.appendingPathComponent("herd-run-\(id).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do {
            try p.run()
        } catch {
            throw LaunchError("cannot run \(executable.path): \(error)")
        }
        p.waitUntilExit()
        try? out.close()
        try? err.close()
        let o = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let e = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Output(status: p.terminationStatus, stdout: o, stderr: e)
    }
}
