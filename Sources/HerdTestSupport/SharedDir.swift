import Foundation

/// Locates `../shared` (the real llama.cpp server and its scripts) beside the package root.
public enum SharedDir {
    /// `HERD_SHARED` when set, else `<package root>/../shared`.
    public static var url: URL {
        if let env = ProcessInfo.processInfo.environment["HERD_SHARED"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The package root, from this file's compile-time path (Sources/HerdTestSupport/SharedDir.swift).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A script in `shared/llm`, or an error saying where it was looked for.
    static func llmScript(_ name: String) throws -> URL {
        let u = url.appendingPathComponent("llm").appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: u.path) || FileManager.default.fileExists(atPath: u.path) else {
            throw LaunchError("\(name) not found at \(u.path); set HERD_SHARED to the folder holding llm/\(name)")
        }
        return u
    }
}
