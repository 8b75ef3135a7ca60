import Foundation
import TestSupport
import TownGraphInput
import TownGraphModel
import TownGraphRouting

/// The bundled Dongying dataset, loaded once per test that needs it.
public func dongying() throws -> Dataset {
    try DatasetLoader.load(directory: TestPaths.dongying.path)
}

/// A writable copy of the Dongying dataset for tests that break it on purpose.
public struct BrokenDataset {
    public let temp: TemporaryDirectory
    public let dir: URL

    public init() throws {
        temp = try TemporaryDirectory()
        dir = try temp.copyDataset(from: TestPaths.dongying)
    }

    public func read(_ file: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
    }

    public func write(_ file: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    /// Edits a GeoJSON file as a Foundation object tree.
    public func editFeatures(_ file: String, _ edit: (inout [[String: Any]]) -> Void) throws {
        let data = try Data(contentsOf: dir.appendingPathComponent(file))
        var root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var features = root["features"] as! [[String: Any]]
        edit(&features)
        root["features"] = features
        try JSONSerialization.data(withJSONObject: root).write(to: dir.appendingPathComponent(file))
    }

    /// Loads the dataset, expecting failure, and returns the errors.
    public func errors() -> [DatasetIssue] { Self.errors(loading: dir) }

    /// Loads a dataset folder, expecting failure, and returns the errors.
    public static func errors(loading dir: URL) -> [DatasetIssue] {
        do {
            _ = try DatasetLoader.load(directory: dir.path)
            return []
        } catch let e as InputError {
            return e.errors
        } catch {
            return [DatasetIssue(.error, file: "?", "\(error)")]
        }
    }
}

extension Array where Element == [String: Any] {
    /// The index of the feature whose properties.id is `id`.
    public func index(of id: String) -> Int {
        firstIndex { ($0["properties"] as? [String: Any])?["id"] as? String == id }!
    }

    public mutating func setProperty(_ id: String, _ key: String, _ value: Any) {
        let i = index(of: id)
        var p = self[i]["properties"] as! [String: Any]
        p[key] = value
        self[i]["properties"] = p
    }
}

/// Dijkstra on the same arcs with networkx, every pair of the given nodes; nil where
/// networkx finds no path.
public func networkxMatrix(_ g: TravelGraph, _ nodes: [Int32]) throws -> [[Double?]] {
    var text = "\(nodes.map(String.init).joined(separator: " "))\n"
    for a in g.arcs() { text += "\(a.from) \(a.to) \(a.seconds.description)\n" }
    let out = try Python.run(
        """
        import sys, json
        import networkx as nx
        lines = sys.stdin.read().split("\\n")
        nodes = [int(x) for x in lines[0].split()]
        G = nx.MultiDiGraph()
        G.add_nodes_from(nodes)
        for l in lines[1:]:
            if l:
                u, v, w = l.split(); G.add_edge(int(u), int(v), weight=float(w))
        print(json.dumps([[nx.single_source_dijkstra_path_length(G, s, weight="weight").get(t) for t in nodes] for s in nodes]))
        """, input: text)
    let rows = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [[Any]]
    return rows.map { $0.map { $0 as? Double } }
}
