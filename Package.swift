// swift-tools-version:6.0
import PackageDescription

/// Every target compiles in Swift 6 mode with imports internal by default, so C types and
/// dependency types cannot leak into a module's public API by accident.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The directory (a class box of tables) and the loop's connections and dispatcher are classes read on every
/// request; each stored-property access was a run-time exclusivity check, about 770 instructions of the 3,500 a
/// kept link match reply costs the loop (callgrind), 8% of its throughput. Release builds leave those checks
/// out, as the standard library's own build does; debug builds, which the tests run (the integration tests'
/// daemon included), keep them, and the compiler's static checks apply to both.
let releaseWithoutExclusivityChecks: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "peerlink",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "peerlinkd", targets: ["peerlinkd"]),
        .executable(name: "peerlink", targets: ["peerlink"]),
        .executable(name: "peerlink-web", targets: ["peerlink-web"]),
        .library(name: "PeerlinkClient", targets: ["PeerlinkClient"]),
        .library(name: "PeerlinkCore", targets: ["PeerlinkCore"]),
        .library(name: "PeerlinkWire", targets: ["PeerlinkWire"]),
        // For tools/fuzz, which drives the dispatcher with an in-memory store.
        .library(name: "PeerlinkServer", targets: ["PeerlinkServer"]),
        .library(name: "PeerlinkStore", targets: ["PeerlinkStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // The web front end (peerlink-web only; the daemon and CLI do not link them).
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // C, confined: module map + shim header only.
        .systemLibrary(name: "CLibUV", pkgConfig: "libuv", providers: [.apt(["libuv1-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // The pure core: model, validation, indexes, ranking, rules. No I/O, no C.
        .target(name: "PeerlinkCore", swiftSettings: strict + releaseWithoutExclusivityChecks),
        // SQLite: migrations, load-all, applying changes, backup. The only importer of CSQLite.
        .target(
            name: "PeerlinkStore",
            dependencies: ["PeerlinkCore", "CSQLite"],
            swiftSettings: strict),
        // Frames, generated protobuf messages, mapping to and from Core values.
        .target(
            name: "PeerlinkWire",
            dependencies: ["PeerlinkCore", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            // Generated messages keep their fields in a class; every field read in encoding was a run-time
            // exclusivity check (18% of a link match's instructions under callgrind). The generated code never
            // overlaps accesses, so the checks are off here, and only here.
            swiftSettings: strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // GIAS and Microsoft Forms files in, validated records and a report out.
        .target(
            name: "PeerlinkImport",
            dependencies: ["PeerlinkCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict),
        // libuv loop, listeners, connections, access, dispatch table, group commit.
        .target(
            name: "PeerlinkServer",
            dependencies: [
                "PeerlinkCore", "PeerlinkStore", "PeerlinkWire", "PeerlinkImport", "CLibUV",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["FastPath/README.md"],
            swiftSettings: strict + releaseWithoutExclusivityChecks),
        // A blocking socket client for the CLI, tests and tools.
        .target(name: "PeerlinkClient", dependencies: ["PeerlinkWire"], swiftSettings: strict),

        .executableTarget(
            name: "peerlinkd",
            dependencies: [
                "PeerlinkServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "peerlink",
            dependencies: [
                "PeerlinkClient", "PeerlinkWire", "PeerlinkImport", "PeerlinkCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict),

        // The web front end: routes, sessions, templates, the outbox sender. Talks to peerlinkd through
        // PeerlinkClient only; never opens the database.
        .target(
            name: "PeerlinkWeb",
            dependencies: [
                "PeerlinkClient", "PeerlinkWire", "PeerlinkCore", "PeerlinkImport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "peerlink-web",
            dependencies: [
                "PeerlinkWeb", "PeerlinkClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .testTarget(name: "PeerlinkCoreTests", dependencies: ["PeerlinkCore"], swiftSettings: strict),
        .testTarget(name: "PeerlinkStoreTests", dependencies: ["PeerlinkStore", "PeerlinkCore"], swiftSettings: strict),
        .testTarget(name: "PeerlinkWireTests", dependencies: ["PeerlinkWire", "PeerlinkCore"], swiftSettings: strict),
        .testTarget(
            name: "PeerlinkServerTests", dependencies: ["PeerlinkServer", "PeerlinkStore", "PeerlinkWire", "PeerlinkCore"],
            swiftSettings: strict),
        .testTarget(
            name: "PeerlinkImportTests",
            dependencies: ["PeerlinkImport", "PeerlinkCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "PeerlinkIntegrationTests",
            dependencies: ["PeerlinkClient", "PeerlinkWire", "PeerlinkCore", "PeerlinkImport", "PeerlinkStore"],
            swiftSettings: strict),
    ]
)
