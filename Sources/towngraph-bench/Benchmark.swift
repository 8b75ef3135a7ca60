import Foundation
import JSONKit
import TownGraphAnalysis
import TownGraphFixtures
import TownGraphModel
import TownGraphOutput
import TownGraphRouting

/// Routing benchmark: builds a synthetic network, computes the town × town matrix, and writes
/// the graph for the Python peers (Tools/benchmark_routing.py runs this and them side by side).
///
///   towngraph-bench NODES TOWNS [EXPORT_DIR] [--workers N]
///   towngraph-bench dataset NODES TOWNS DIR     (the network and towns as GeoJSON, for `towngraph init`)
@main
struct Benchmark {
    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// `towngraph-bench isochrones NODES DIR`: the 30/45/90 triple for one origin near the
    /// middle, timed, with the reached roads written for shapely.
    static func isochrones(_ args: [String]) throws {
        guard args.count >= 2, let nodes = Int(args[0]) else { exit(64) }
        let dir = args[1]
        let (network, places) = SyntheticRoadNetwork.make(nodes: nodes, towns: 200)
        let graph = try TravelGraph.build(network: network, scenario: nil, places: places, metricCRS: "EPSG:4549")
        // The town nearest the middle of the grid.
        let xs = places.compactMap(\.location?.x)
        let ys = places.compactMap(\.location?.y)
        let mid = (xs.reduce(0, +) / Double(xs.count), ys.reduce(0, +) / Double(ys.count))
        let origin = places.min {
            hypot($0.location!.x - mid.0, $0.location!.y - mid.1)
                < hypot($1.location!.x - mid.0, $1.location!.y - mid.1)
        }!
        var options = IsochroneOptions()
        options.keepSlivers = true
        let limits = [30.0, 45, 90]
        let roads = try graph.reachedRoads(from: [origin.id], minutes: limits)
        let (isos, seconds) = try time { try graph.isochrones(from: [origin.id], minutes: limits, options: options) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (m, pieces) in zip(limits, roads) {
            var counts = [Int32]()
            var flat = [Double]()
            for p in pieces {
                counts.append(Int32(p.count))
                for c in p {
                    flat.append(c.x)
                    flat.append(c.y)
                }
            }
            try counts.withUnsafeBytes {
                try Data($0).write(to: URL(fileURLWithPath: dir).appendingPathComponent("counts-\(Int(m)).i32"))
            }
            try flat.withUnsafeBytes {
                try Data($0).write(to: URL(fileURLWithPath: dir).appendingPathComponent("coords-\(Int(m)).f64"))
            }
        }
        // BENCH_DUMP=1 also writes the polygons, for comparing shapes with shapely.
        if ProcessInfo.processInfo.environment["BENCH_DUMP"] != nil {
            for iso in isos {
                try iso.polygon.geoJSON().serialized().write(
                    toFile: "\(dir)/iso-\(Int(iso.minutes)).geojson", atomically: true, encoding: .utf8)
            }
        }
        let result: [String: Any] = [
            "nodes": graph.nodeCount, "origin": origin.id, "seconds": seconds, "buffer_m": options.bufferMetres,
            "quadrant_segments": options.quadrantSegments, "areas_km2": isos.map(\.areaKm2),
            "pieces": roads.map(\.count),
            "peak_mb": peakMemoryMB(),
        ]
        print(
            String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    }

    /// `towngraph-bench dataset NODES TOWNS DIR`: the synthetic network as DIR/network.geojson
    /// (self-describing, as `towngraph` reads it) and its towns as DIR/towns.geojson (id, name,
    /// level `town`), for a dataset folder made with `towngraph init` (Tools/benchmark_postgis.py).
    static func dataset(_ args: [String]) throws {
        guard args.count == 3, let nodes = Int(args[0]), let towns = Int(args[1]) else {
            FileHandle.standardError.write(Data("usage: towngraph-bench dataset NODES TOWNS DIR\n".utf8))
            exit(64)
        }
        let dir = URL(fileURLWithPath: args[2])
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (network, places) = SyntheticRoadNetwork.make(nodes: nodes, towns: towns)
        try Data(NetworkGeoJSON.text(network).utf8).write(to: dir.appendingPathComponent("network.geojson"))
        let features: [JSONValue] = places.map { p in
            .object([
                ("type", .string("Feature")),
                (
                    "properties",
                    .object([("id", .string(p.id)), ("name", .string(p.name)), ("level", .string("town"))])
                ),
                (
                    "geometry",
                    .object([
                        ("type", .string("Point")),
                        ("coordinates", .array([.number(p.location!.lon), .number(p.location!.lat)])),
                    ])
                ),
            ])
        }
        let layer = JSONValue.object([("type", .string("FeatureCollection")), ("features", .array(features))])
        try Data(layer.serialized().utf8).write(to: dir.appendingPathComponent("towns.geojson"))
        print("{\"links\": \(network.links.count), \"towns\": \(places.count)}")
    }

    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        if args.first == "dataset" {
            try dataset(Array(args.dropFirst()))
            return
        }
        if args.first == "isochrones" {
            try isochrones(Array(args.dropFirst()))
            return
        }
        var workers = ProcessInfo.processInfo.activeProcessorCount
        if let i = args.firstIndex(of: "--workers"), i + 1 < args.count {
            workers = Int(args[i + 1]) ?? workers
            args.removeSubrange(i...(i + 1))
        }
        guard args.count >= 2, let nodes = Int(args[0]), let towns = Int(args[1]) else {
            FileHandle.standardError.write(Data("usage: towngraph-bench NODES TOWNS [EXPORT_DIR] [--workers N]\n".utf8))
            exit(64)
        }
        let exportDir = args.count > 2 ? args[2] : nil
        let ((network, places), genSeconds) = time { SyntheticRoadNetwork.make(nodes: nodes, towns: towns) }
        let (graph, buildSeconds) = try time {
            try TravelGraph.build(network: network, scenario: nil, places: places, metricCRS: "EPSG:4549")
        }
        let townNodes = places.compactMap { graph.node(of: $0.id) }
        let (matrix, matrixSeconds) = time { graph.travelTimes(from: townNodes, to: townNodes, workers: workers) }
        var reachable = 0
        for row in matrix { for v in row where v.isFinite { reachable += 1 } }
        let result: [String: Any] = [
            "nodes": graph.nodeCount, "arcs": graph.arcCount, "towns": townNodes.count, "workers": workers,
            "generate_s": genSeconds, "build_s": buildSeconds, "matrix_s": matrixSeconds,
            "per_source_s": matrixSeconds / Double(max(1, townNodes.count)) * Double(workers),
            "reachable_pairs": reachable, "peak_mb": peakMemoryMB(),
        ]
        if let exportDir {
            try FileManager.default.createDirectory(atPath: exportDir, withIntermediateDirectories: true)
            var from = [Int32]()
            var to = [Int32]()
            var weight = [Double]()
            for a in graph.arcs() {
                from.append(a.from)
                to.append(a.to)
                weight.append(a.seconds)
            }
            func write<T>(_ name: String, _ values: [T]) throws {
                try values.withUnsafeBytes {
                    try Data($0).write(to: URL(fileURLWithPath: exportDir).appendingPathComponent(name))
                }
            }
            try write("from.i32", from)
            try write("to.i32", to)
            try write("weight.f64", weight)
            try write("towns.i32", townNodes)
            // The first rows of the matrix, for the peers to compare against.
            try write("matrix_head.f64", Array(matrix.prefix(20).joined()))
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}
