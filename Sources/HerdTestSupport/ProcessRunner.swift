import Foundation

/// Runs a command to completion and captures its output (launcher scripts, the built `herd`).
public enum ProcessRunner {
    public struct Output: Sendable {
        public var status: ChildProcess.Termination
        public var stdout: String
        public var stderr: String
    }

    /// Output goes to temporary files, not pipes: herd-up leaves llama-server running in the
    /// background, and a daemon that inherits a pipe would keep it open forever.
    public static func run(_ executable: URL, _ args: [String]) async throws -> Output {
        let dir = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let outPath = dir.appendingPathComponent("herd-run-\(id).out").path
        let errPath = dir.appendingPathComponent("herd-run-\(id).err").path
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let child = try ChildProcess.spawn(executable.path, args, stdout: .file(outPath), stderr: .file(errPath))
        let status = await child.wait()
        let o = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let e = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Output(status: status, stdout: o, stderr: e)
    }
}
