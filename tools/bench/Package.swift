// swift-tools-version:6.0
import PackageDescription

/// Benchmarks, kept out of the daemon's build (STYLE §8). Run in release:
/// `swift run -c release --package-path tools/bench cohort-bench`; `tools/bench/run` drives peerlink-load.
let package = Package(
    name: "peerlink-bench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "peerlink", path: "../.."),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .executableTarget(
            name: "cohort-bench",
            dependencies: [.product(name: "PeerlinkCore", package: "peerlink")],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]),
        // Load generator: the real protocol (or Redis RESP) over many pipelined connections, HdrHistogram latencies.
        .executableTarget(
            name: "peerlink-load",
            dependencies: [
                .product(name: "PeerlinkWire", package: "peerlink"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]),
    ]
)
