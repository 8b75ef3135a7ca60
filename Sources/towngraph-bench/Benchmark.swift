import Foundation
import TownGraph

/// Routing benchmark: builds a synthetic network, computes the town × town matrix, and writes
/// the graph for the Python peers (Tools/benchmark_routing.py runs this and them side by side).
///
///   towngraph-bench NODES TOWNS [EXPORT_DIR] [--workers N]
@main
struct Benchmark {
    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024   // kilobytes on Linux
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        var workers = ProcessInfo.processInfo.activeProcessorCount
        if let i = args.firstIndex(of: "--workers"), i + 1 < args.count { workers = Int(args[i + 1]) ?? workers; args.removeSubrange(i...(i + 1)) }
        guard args.count >= 2, let nodes = Int(args[0]), let towns = Int(args[1]) else {
            FileHandle.standardError.write(Data("usage: towngraph-bench NODES TOWNS [EXPORT_DIR] [--workers N]\n".utf8))
            exit(64)
        }
        let exportDir = args.count > 2 ? args[2] : nil
        let ((network, places), genSeconds) = time { SyntheticRoadNetwork.make(nodes: nodes, towns: towns) }
        let (graph, buildSeconds) = try time { try TravelGraph.build(network: network, scenario: nil, places: places, metricCRS: "EPSG:4549") }
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
            var from = [Int32](), to = [Int32](), weight = [Double]()
            for a in graph.arcs() { from.append(a.from); to.append(a.to); weight.append(a.seconds) }
            func write<T>(_ name: String, _ values: [T]) throws {
                try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: exportDir).appendingPathComponent(name)) }
            }
            try write("from.i32", from); try write("to.i32", to); try write("weight.f64", weight)
            try write("towns.i32", townNodes)
            // The first rows of the matrix, for the peers to compare against.
            try write("matrix_head.f64", Array(matrix.prefix(20).joined()))
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}
