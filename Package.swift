// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Herd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "herd", targets: ["herd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(name: "HerdCore"),
        .target(name: "HerdRouter", dependencies: ["HerdCore"]),
        .target(
            name: "HerdBackends",
            dependencies: [
                "HerdCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "HerdConfig", dependencies: ["HerdCore", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Logging", package: "swift-log")]),
        // The calibration suite ships as a resource folder; CalibrationSuite finds it without Bundle.module
        // (whose accessor stops the process when the folder is missing).
        .target(name: "HerdBench", dependencies: ["HerdCore", "HerdRouter"], resources: [.copy("Resources/calibration")]),
        .target(name: "HerdStore", dependencies: ["HerdCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(name: "herd-store-probe", dependencies: ["HerdStore", "HerdCore"], path: "Sources/HerdStoreProbe"),
        // GitHub's CommonMark parser from the system (Debian: libcmark-gfm-dev; .ci/run installs it).
        .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM", providers: [.apt(["libcmark-gfm-dev"])]),
        .target(name: "HerdTUI", dependencies: ["HerdCore", "CCmarkGFM"]),
        .target(
            name: "CNcursesw",
            cSettings: [.define("NCURSES_WIDECHAR", to: "1"), .define("_XOPEN_SOURCE_EXTENDED", to: "1"), .define("_DEFAULT_SOURCE")],
            linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]
        ),
        .target(name: "HerdTerminal", dependencies: ["CNcursesw", "HerdTUI"]),
        // Prefaults the executable's .bss at load, before any thread starts (see prefault.c for the measured reason).
        .target(name: "CPrefault"),
        .target(
            name: "HerdSession",
            dependencies: [
                "HerdCore", "HerdRouter", "HerdBackends", "HerdStore", "HerdConfig", "HerdTUI", "HerdTerminal", "HerdBench",
                .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "herd-tui-bench", dependencies: ["HerdTUI", "HerdCore"], path: "Benchmarks/TUIBench"),
        .executableTarget(name: "herd-router-bench", dependencies: ["HerdRouter"], path: "Benchmarks/RouterBench"),
        .executableTarget(
            name: "herd-ask-floor",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/AskFloor"),
        .target(
            name: "HerdTestSupport",
            dependencies: [
                "HerdCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "herd",
            dependencies: [
                "HerdCore", "HerdRouter", "HerdBackends", "HerdStore", "HerdTUI", "HerdTerminal", "HerdConfig", "HerdBench", "HerdSession",
                "CPrefault",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The router trained on public routing data (scripts/build-public-router); found beside the binary.
            resources: [.copy("Resources/public.router")],
            // The static Swift runtime's link line exports every symbol of the executable (38,000); the
            // runtime's start-up then calls dladdr on it, which scans them all: 0.8 ms of every command's
            // start (`perf stat -r 200 herd --version`: 7.2 against 6.4 ms). Nothing looks them up by name.
            linkerSettings: [
                .unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release)),
                // Static archives found here are linked instead of the shared libraries: 0.7 ms less start-up
                // for every command (scripts/static-libs, which scripts/build-release runs, fills it and says why).
                .unsafeFlags(["-L", Context.packageDirectory + "/.build/static-libs"], .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        .testTarget(name: "HerdCoreTests", dependencies: ["HerdCore", "CPrefault"]),
        .testTarget(name: "HerdRouterTests", dependencies: ["HerdRouter", "HerdBackends", "HerdTestSupport"]),
        .testTarget(name: "HerdBackendsTests", dependencies: ["HerdBackends", "HerdRouter", "HerdTestSupport"]),
        .testTarget(name: "HerdStoreTests", dependencies: ["HerdStore", "HerdCore", "HerdTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "HerdConfigTests", dependencies: ["HerdConfig", "HerdCore", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "HerdBenchTests", dependencies: ["HerdBench", "HerdBackends", "HerdRouter", "HerdTestSupport"]),
        .testTarget(name: "HerdTUITests", dependencies: ["HerdTUI"], exclude: ["__Snapshots__"]),
        .testTarget(name: "HerdSessionTests", dependencies: ["HerdSession", "HerdTestSupport", "HerdStore", "HerdTUI", "HerdCore", "HerdRouter", "HerdBackends", "HerdConfig"]),
        .testTarget(name: "HerdIntegrationTests", dependencies: ["HerdBackends", "HerdTestSupport", "HerdCore", "HerdStore", "HerdRouter"]),
    ],
    swiftLanguageModes: [.v6]
)
