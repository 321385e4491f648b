import Foundation

/// Executables of this package, built next to the test binary (`swift build --build-tests` builds them all).
public enum BuiltProduct {
    /// The path of product `name` (e.g. "herd"), or an error saying where it was looked for.
    /// `HERD_BIN_DIR` overrides the folder.
    public static func path(_ name: String) throws -> String {
        if let dir = ProcessInfo.processInfo.environment["HERD_BIN_DIR"], !dir.isEmpty {
            let p = dir + "/" + name
            guard FileManager.default.isExecutableFile(atPath: p) else { throw LaunchError("\(name) not found in HERD_BIN_DIR=\(dir)") }
            return p
        }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = me.deletingLastPathComponent()
        // The test binary may sit inside a bundle folder (…/HerdPackageTests.xctest/…).
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw LaunchError("\(name) is not built next to \(me.path); run `swift build --build-tests` (or set HERD_BIN_DIR)")
    }
}
