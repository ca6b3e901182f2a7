// swift-tools-version:6.0
import PackageDescription

/// Benchmarks, kept out of the daemon's build (STYLE §8). Run in release:
/// `swift run -c release --package-path tools/bench cohort-bench`.
let package = Package(
    name: "peerlink-bench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "peerlink", path: "../..")],
    targets: [
        .executableTarget(
            name: "cohort-bench",
            dependencies: [.product(name: "PeerlinkCore", package: "peerlink")],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ])
    ]
)
