// swift-tools-version:6.0
import PackageDescription

// The dependency arrows run one way (docs/architecture.md):
//
//   TownGraphModel -> TownGraphRouting -> TownGraphInput ----------\
//                                     \-> TownGraphAnalysis -> TownGraphOutput -> towngraph (CLI)
//
// The model holds values only; input reads files into the model; routing builds graphs and
// searches them; analyses take model values and graphs and never read a file; output renders
// results and writes files. Only GeoKit touches GEOS and PROJ, only OSMKit touches zlib, only
// GDALKit touches GDAL (and only the input module uses GDALKit).
let libraryTestDependencies: [Target.Dependency] = [
    "TownGraphModel", "TownGraphInput", "TownGraphRouting", "TownGraphAnalysis", "TownGraphOutput", "TownGraphFixtures",
    "TestSupport", "GeoKit", "JSONKit",
]

let package = Package(
    name: "TownGraph",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "GeoKit", targets: ["GeoKit"]),
        .library(
            name: "TownGraph",
            targets: ["TownGraphModel", "TownGraphInput", "TownGraphRouting", "TownGraphAnalysis", "TownGraphOutput"]),
        .executable(name: "towngraph", targets: ["towngraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The OSM PBF messages are generated once with this version's protoc-gen-swift
        // (Tools/generate-protobuf.sh) and committed; builds use only the runtime library.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // `towngraph serve`: the HTTP server under the JSON API and the map page.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Property-based tests (the contraction hierarchy against Dijkstra on random graphs).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
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
            name: "CGDAL", pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"]), .brew(["gdal"])]),
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // JSON values: parsing with positions in errors, and stable serialization.
        .target(name: "JSONKit"),
        // The only module that calls the GEOS and PROJ C APIs.
        .target(name: "GeoKit", dependencies: ["CGEOS", "CPROJ", "JSONKit"]),
        // The only module that calls GDAL: vector layers of any format GDAL reads (Shapefile,
        // GeoPackage, FileGDB, CSV, XLSX, PostgreSQL) as JSON values, with their CRS.
        .target(name: "GDALKit", dependencies: ["CGDAL", "JSONKit"]),
        // The only module that calls libpq: connections, statements, transactions (PostGIS).
        .target(name: "PGKit", dependencies: ["CLibPQ"]),
        // OpenStreetMap files (.osm.pbf and .osm XML) read into nodes and ways.
        .target(
            name: "OSMKit",
            dependencies: ["CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // The plan as values: hierarchy, settlements, counties, road networks, targets, layout.
        .target(name: "TownGraphModel", dependencies: ["GeoKit", "JSONKit"]),
        // Routable graphs (compressed sparse rows), searches, matrices, components.
        .target(name: "TownGraphRouting", dependencies: ["TownGraphModel", "GeoKit", "JSONKit"]),
        // Files into the model: dataset folders, manifests, GeoJSON layers, network files, OSM.
        .target(
            name: "TownGraphInput",
            dependencies: [
                "TownGraphModel", "TownGraphRouting", "GeoKit", "GDALKit", "PGKit", "JSONKit", "OSMKit", "Yams",
            ]),
        // Plan checks and analyses over model values and graphs; they read no file.
        .target(name: "TownGraphAnalysis", dependencies: ["TownGraphModel", "TownGraphRouting", "GeoKit", "JSONKit"]),
        // Tables, GeoJSON, maps and output files.
        .target(
            name: "TownGraphOutput",
            dependencies: [
                "TownGraphModel", "TownGraphInput", "TownGraphRouting", "TownGraphAnalysis", "GeoKit", "GDALKit",
                "PGKit", "JSONKit",
            ]),
        // `towngraph serve`: the JSON API over the same library calls as the CLI, and the map
        // page (plain JavaScript and Leaflet from Debian's libjs-leaflet, vendored).
        .target(
            name: "TownGraphServer",
            dependencies: [
                "TownGraphModel", "TownGraphInput", "TownGraphRouting", "TownGraphAnalysis", "TownGraphOutput",
                "GeoKit", "JSONKit", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Page")]),
        // The command-line tool, thin over the library.
        .executableTarget(
            name: "towngraph",
            dependencies: [
                "TownGraphModel", "TownGraphInput", "TownGraphRouting", "TownGraphAnalysis", "TownGraphOutput",
                "TownGraphServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // libFuzzer entry points for the readers (make fuzz builds it with -sanitize=fuzzer).
        .target(name: "CFuzzer"),
        .executableTarget(
            name: "towngraph-fuzz",
            dependencies: ["CFuzzer", "TownGraphInput", "TownGraphModel", "OSMKit", "GeoKit", "JSONKit"]),
        // Helpers for the tests: paths, running the CLI and the Python cross-checks.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Test and benchmark fixtures (a synthetic road network, small datasets); not shipped.
        .target(
            name: "TownGraphFixtures", dependencies: ["TownGraphModel", "TownGraphInput", "GeoKit", "TestSupport"],
            path: "Tests/TownGraphFixtures"),
        // Routing benchmark (Tools/benchmark_routing.py runs it beside scipy and igraph).
        .executableTarget(
            name: "towngraph-bench",
            dependencies: [
                "TownGraphModel", "TownGraphRouting", "TownGraphAnalysis", "TownGraphOutput", "TownGraphFixtures",
                "GeoKit",
                "JSONKit",
            ]),
        .testTarget(name: "JSONKitTests", dependencies: ["JSONKit", "TestSupport"]),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit", "TestSupport"]),
        .testTarget(name: "OSMKitTests", dependencies: ["OSMKit", "TestSupport"]),
        // One test target per library target; tests may use the targets below theirs.
        .testTarget(name: "TownGraphModelTests", dependencies: libraryTestDependencies),
        .testTarget(name: "TownGraphInputTests", dependencies: libraryTestDependencies),
        .testTarget(
            name: "TownGraphRoutingTests",
            dependencies: libraryTestDependencies + [.product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "TownGraphAnalysisTests", dependencies: libraryTestDependencies),
        .testTarget(name: "TownGraphOutputTests", dependencies: libraryTestDependencies),
        .testTarget(name: "CLITests", dependencies: ["towngraph", "TestSupport"]),
        // `towngraph serve`: the API against the CLI, and the page in headless Chromium.
        .testTarget(name: "ServerTests", dependencies: ["TownGraphServer", "towngraph", "TestSupport"]),
        // Against a real PostgreSQL/PostGIS/pgRouting server that `make test` starts (Tools/test-db.sh).
        .testTarget(name: "DatabaseTests", dependencies: libraryTestDependencies + ["PGKit", "towngraph"]),
    ]
)
