// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TownGraph",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GeoKit", targets: ["GeoKit"]),
        .library(name: "TownGraph", targets: ["TownGraph"]),
        .executable(name: "towngraph", targets: ["towngraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The OSM PBF messages are generated once with this version's protoc-gen-swift
        // (Tools/generate-protobuf.sh) and committed; builds use only the runtime library.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // System libraries: module maps only.
        .systemLibrary(
            name: "CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"]), .brew(["geos"])]),
        .systemLibrary(
            name: "CPROJ", pkgConfig: "proj",
            providers: [.apt(["libproj-dev"]), .brew(["proj"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The only module that calls the GEOS and PROJ C APIs.
        .target(name: "GeoKit", dependencies: ["CGEOS", "CPROJ"]),
        // OpenStreetMap files (.osm.pbf and .osm XML) read into nodes and ways.
        .target(
            name: "OSMKit",
            dependencies: ["CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // The planning domain: settlements, hierarchy, datasets, queries, exports.
        .target(name: "TownGraph", dependencies: ["GeoKit", "OSMKit", "Yams"]),
        // The command-line tool, thin over the library.
        .executableTarget(
            name: "towngraph",
            dependencies: [
                "TownGraph", "GeoKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Helpers for the tests: paths, running the CLI and the Python cross-checks.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Routing benchmark (Tools/benchmark_routing.py runs it beside scipy and igraph).
        .executableTarget(name: "towngraph-bench", dependencies: ["TownGraph"]),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit", "TestSupport"]),
        .testTarget(name: "OSMKitTests", dependencies: ["OSMKit", "TestSupport"]),
        .testTarget(name: "TownGraphTests", dependencies: ["TownGraph", "GeoKit", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["towngraph", "TestSupport"]),
    ]
)
