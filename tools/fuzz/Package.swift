// swift-tools-version:6.0
import PackageDescription

/// A libFuzzer target over `Dispatcher.handle(frame:)`, kept out of the daemon's build: it links only with
/// `-sanitize=fuzzer` (libFuzzer supplies `main`). Build and run with `tools/fuzz/run` (README "Fuzzing").
let package = Package(
    name: "peerlink-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "peerlink", path: "../..")],
    targets: [
        .executableTarget(
            name: "dispatch-fuzz",
            dependencies: [
                .product(name: "PeerlinkServer", package: "peerlink"),
                .product(name: "PeerlinkStore", package: "peerlink"),
                .product(name: "PeerlinkWire", package: "peerlink"),
                .product(name: "PeerlinkCore", package: "peerlink"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
