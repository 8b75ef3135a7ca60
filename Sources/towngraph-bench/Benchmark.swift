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
///   towngraph-bench ch NODES TOWNS              (the contraction hierarchy on the synthetic graph)
///   towngraph-bench ch-arcs DIR                 (the hierarchy engine alone, from EXPORT_DIR's arc files)
@main
struct Benchmark {
    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }

    /// The resident memory now (MB), from /proc/self/statm.
    static func residentMemoryMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// The value of `--workers N` (removed from `args`), else every core.
    static func takeWorkers(_ args: inout [String]) -> Int {
        var workers = ProcessInfo.processInfo.activeProcessorCount
        if let i = args.firstIndex(of: "--workers"), i + 1 < args.count {
            workers = Int(args[i + 1]) ?? workers
            args.removeSubrange(i...(i + 1))
        }
        return workers
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

    /// `towngraph-bench ch NODES TOWNS [--workers N]`: the contraction hierarchy on the
    /// synthetic network: preprocessing (order and contraction), customization, the town
    /// matrix, then a second speed set (local roads at 80 % of their speed) re-customized and
    /// its matrix; the first 20 rows checked against Dijkstra.
    static func hierarchy(_ arguments: [String]) throws {
        var args = arguments
        let workers = takeWorkers(&args)
        guard args.count >= 2, let nodes = Int(args[0]), let towns = Int(args[1]) else { exit(64) }
        let ((network, places), generateSeconds) = time { SyntheticRoadNetwork.make(nodes: nodes, towns: towns) }
        let memoryNetwork = peakMemoryMB()
        let (graph, buildSeconds) = try time {
            // Dijkstra as the graph's own engine: the reference rows below must not come from
            // the hierarchy; the hierarchy is driven explicitly.
            try TravelGraph.build(
                network: network, scenario: nil, places: places, metricCRS: "EPSG:4549", engine: .dijkstra)
        }
        let townNodes = places.compactMap { graph.node(of: $0.id) }
        let memoryGraph = peakMemoryMB()
        let (x, y) = graph.orderCoordinates()
        let (h, prepSeconds) = time {
            ContractionHierarchy(
                nodeCount: graph.nodeCount, offsets: graph.adjacency.offsets, targets: graph.adjacency.target, x: x,
                y: y)
        }
        let memoryHierarchy = peakMemoryMB()
        let space = h.searchSpace()
        let (metric, customizeSeconds) = time { CCHMetric(hierarchy: h, weights: graph.adjacency.time) }
        let memoryMetric = peakMemoryMB()
        let (matrix, matrixSeconds) = time {
            graph.travelTimes(metric: metric, from: townNodes, to: townNodes, workers: workers)
        }
        let memoryAfterFirst = peakMemoryMB()
        let local = Int16(SyntheticRoadNetwork.classes.firstIndex { $0.id == "local-road" }!)
        let slower = graph.adjacency.segment.map { graph.segments.kind[Int($0)] }
        let weights2 = zip(slower, graph.adjacency.time).map { $0 == local ? $1 / 0.8 : $1 }
        let (metric2, customize2Seconds) = time { CCHMetric(hierarchy: h, weights: weights2) }
        let (matrix2, matrix2Seconds) = time {
            graph.travelTimes(metric: metric2, from: townNodes, to: townNodes, workers: workers)
        }
        // Agreement with Dijkstra on the first rows.
        let head = Array(townNodes.prefix(20))
        let reference = graph.travelTimes(from: head, to: townNodes, workers: workers).enumerated()
        var worst = 0.0
        var sameUnreachable = true
        for (i, row) in reference {
            for (j, v) in row.enumerated() {
                if v.isFinite != matrix[i][j].isFinite {
                    sameUnreachable = false
                } else if v.isFinite {
                    worst = max(worst, abs(v - matrix[i][j]))
                }
            }
        }
        var slowerCells = 0
        for (r1, r2) in zip(matrix, matrix2) { for (a, b) in zip(r1, r2) where b > a + 1e-9 { slowerCells += 1 } }
        let result: [String: Any] = [
            "nodes": graph.nodeCount, "arcs": graph.arcCount, "towns": townNodes.count, "workers": workers,
            "generate_s": generateSeconds, "build_s": buildSeconds, "preprocess_s": prepSeconds,
            "customize_s": customizeSeconds,
            "matrix_s": matrixSeconds, "customize2_s": customize2Seconds, "matrix2_s": matrix2Seconds,
            "hierarchy_edges": h.edgeCount, "mean_search_edges": space.meanEdges, "max_search_edges": space.maxEdges,
            "max_depth": space.maxDepth, "max_abs_diff_s": worst, "same_unreachable": sameUnreachable,
            "second_set_slower_cells": slowerCells, "peak_mb_first": memoryAfterFirst, "peak_mb": peakMemoryMB(),
            "peak_mb_network": memoryNetwork, "links": network.links.count, "peak_mb_graph": memoryGraph,
            "peak_mb_hierarchy": memoryHierarchy, "peak_mb_customized": memoryMetric,
            "symmetric": metric.symmetric,
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    /// `towngraph-bench ch-arcs DIR [--workers N]`: the hierarchy engine alone, from the arc
    /// files the peers load (DIR/from.i32, to.i32, weight.f64, lat.f32, lon.f32, towns.i32),
    /// in a process of its own, so that its peak memory compares with theirs: no network,
    /// geometry or places. Order, contraction, customization and the town matrix, checked
    /// against DIR/matrix_head.f64 (the Dijkstra rows).
    static func hierarchyFromArcs(_ arguments: [String]) throws {
        var args = arguments
        let workers = takeWorkers(&args)
        guard args.count == 1 else {
            FileHandle.standardError.write(Data("usage: towngraph-bench ch-arcs DIR [--workers N]\n".utf8))
            exit(64)
        }
        let dir = URL(fileURLWithPath: args[0])
        // Straight into the array, without a second copy.
        func read<T>(_ name: String, as: T.Type) throws -> [T] {
            let path = dir.appendingPathComponent(name).path
            guard let file = fopen(path, "rb") else { throw CocoaError(.fileReadNoSuchFile, userInfo: ["path": path]) }
            defer { fclose(file) }
            fseek(file, 0, SEEK_END)
            let count = ftell(file) / MemoryLayout<T>.stride
            fseek(file, 0, SEEK_SET)
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                initialized = fread(buffer.baseAddress, MemoryLayout<T>.stride, count, file)
            }
        }
        let ((offsets, targets, weights, towns), loadSeconds) = try time {
            let from = try read("from.i32", as: Int32.self)
            let to = try read("to.i32", as: Int32.self)
            let weight = try read("weight.f64", as: Double.self)
            let towns = try read("towns.i32", as: Int32.self)
            // Compressed sparse rows by tail, arcs in file order within a tail (the file's own
            // order, without a copy, when it is already by tail).
            let n = Int(max(from.max() ?? -1, to.max() ?? -1)) + 1
            var offsets = [Int32](repeating: 0, count: n + 1)
            for u in from { offsets[Int(u) + 1] += 1 }
            for u in 0..<n { offsets[u + 1] += offsets[u] }
            if zip(from, from.dropFirst()).allSatisfy({ $0 <= $1 }) { return (offsets, to, weight, towns) }
            var fill = Array(offsets.prefix(n))
            var targets = [Int32](repeating: 0, count: to.count)
            var weights = [Double](repeating: 0, count: to.count)
            for (a, u) in from.enumerated() {
                targets[Int(fill[Int(u)])] = to[a]
                weights[Int(fill[Int(u)])] = weight[a]
                fill[Int(u)] += 1
            }
            return (offsets, targets, weights, towns)
        }
        let residentLoaded = residentMemoryMB()
        let (h, prepSeconds) = try time {
            // The graph's own order coordinates: longitude scaled by the cosine of the mean
            // latitude. Read here, so that they are gone once the order is made.
            let lat = try read("lat.f32", as: Float.self)
            let lon = try read("lon.f32", as: Float.self)
            precondition(lat.count == offsets.count - 1 && lon.count == lat.count, "positions and arcs disagree")
            let lat0 = lat.isEmpty ? 0 : lat.reduce(0.0) { $0 + Double($1) } / Double(lat.count)
            let k = cos(lat0 * .pi / 180)
            return ContractionHierarchy(
                nodeCount: lat.count, offsets: offsets, targets: targets, x: lon.map { Double($0) * k },
                y: lat.map { Double($0) })
        }
        let memoryLoaded = peakMemoryMB()
        let residentHierarchy = residentMemoryMB()
        let (metric, customizeSeconds) = time { CCHMetric(hierarchy: h, weights: weights, workers: workers) }
        let memoryCustomized = peakMemoryMB()
        let residentCustomized = residentMemoryMB()
        let (matrix, matrixSeconds) = time { CCHSearch.table(metric: metric, from: towns, to: towns, workers: workers) }
        let memoryMatrix = peakMemoryMB()
        let head = try read("matrix_head.f64", as: Double.self)
        var worst = 0.0
        var sameUnreachable = true
        for (c, v) in head.enumerated() {
            let mine = matrix[c / towns.count][c % towns.count]
            if v.isFinite != mine.isFinite {
                sameUnreachable = false
            } else if v.isFinite {
                worst = max(worst, abs(v - mine))
            }
        }
        let result: [String: Any] = [
            "nodes": h.nodeCount, "arcs": targets.count, "towns": towns.count, "workers": workers,
            "load_s": loadSeconds, "preprocess_s": prepSeconds, "customize_s": customizeSeconds,
            "matrix_s": matrixSeconds, "hierarchy_edges": h.edgeCount, "symmetric": metric.symmetric,
            "stored_heads": h.storedHeadCount,
            "checked_rows": head.count / max(1, towns.count), "max_abs_diff_s": worst,
            "same_unreachable": sameUnreachable, "peak_mb": peakMemoryMB(), "peak_mb_matrix": memoryMatrix,
            "peak_mb_hierarchy": memoryLoaded,
            "peak_mb_customized": memoryCustomized, "resident_mb_hierarchy": residentHierarchy,
            "resident_mb_loaded": residentLoaded,
            "resident_mb_customized": residentCustomized,
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        if args.first == "ch-arcs" {
            try hierarchyFromArcs(Array(args.dropFirst()))
            return
        }
        if args.first == "dataset" {
            try dataset(Array(args.dropFirst()))
            return
        }
        if args.first == "isochrones" {
            try isochrones(Array(args.dropFirst()))
            return
        }
        if args.first == "ch" {
            try hierarchy(Array(args.dropFirst()))
            return
        }
        let workers = takeWorkers(&args)
        guard args.count >= 2, let nodes = Int(args[0]), let towns = Int(args[1]) else {
            FileHandle.standardError.write(Data("usage: towngraph-bench NODES TOWNS [EXPORT_DIR] [--workers N]\n".utf8))
            exit(64)
        }
        let exportDir = args.count > 2 ? args[2] : nil
        let ((network, places), genSeconds) = time { SyntheticRoadNetwork.make(nodes: nodes, towns: towns) }
        // Dijkstra here, whatever the automatic rule would choose (the `ch` mode measures the hierarchy).
        let (graph, buildSeconds) = try time {
            try TravelGraph.build(
                network: network, scenario: nil, places: places, metricCRS: "EPSG:4549", engine: .dijkstra)
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
            // Node positions, for the peers whose order needs them (RoutingKit's CCH, pandana).
            try write("lat.f32", (0..<Int32(graph.nodeCount)).map { Float(graph.location(ofNode: $0).lat) })
            try write("lon.f32", (0..<Int32(graph.nodeCount)).map { Float(graph.location(ofNode: $0).lon) })
            // The first rows of the matrix, for the peers to compare against.
            try write("matrix_head.f64", Array(matrix.prefix(20).joined()))
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}
