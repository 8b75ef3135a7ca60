import Foundation
import JSONKit
import PGKit
import TownGraphModel
import Yams

/// A dataset as a database holds it beside its PostGIS tables: the folder's files, made
/// self-contained (every layer and network a WGS84 GeoJSON file beside the manifest), in a
/// `files` table. `--data postgresql://…?schema=NAME` reads them back in one snapshot, so a
/// reader sees a whole push, old or new, never a mix.
public enum DatasetStore {
    /// The files that stand for the dataset folder: the manifest rewritten so that its layers
    /// and networks name GeoJSON files in WGS84 (no per-layer CRS, encoding, column map or
    /// datum left to apply), and those files. `networkText` gives a network's GeoJSON when
    /// its file is not GeoJSON already (an OpenStreetMap or GDAL file).
    public static func files(
        directory: String, networkText: (NetworkSpec) throws -> String
    ) throws -> [(
        name: String, text: String
    )] {
        let manifestPath = (directory as NSString).appendingPathComponent(DatasetManifest.fileName)
        let text = try String(contentsOfFile: manifestPath, encoding: .utf8)
        let m = try DatasetManifest.decode(Data(text.utf8), directory: directory)
        let dataset = try DatasetLoader.load(directory: directory)
        guard var root = try Yams.compose(yaml: text), case .mapping = root else {
            throw PGError("\(manifestPath) is not a YAML mapping")
        }
        var out: [(String, String)] = []
        // Layers: as read (transformed, renamed, moved from GCJ-02), written as GeoJSON.
        var layers: [(String, String)] = [("settlements", "settlements.geojson")]
        if m.layers.countiesEntry != nil { layers.append(("counties", "counties.geojson")) }
        for (key, name) in layers {
            let entry = key == "settlements" ? m.layers.settlementsEntry : m.layers.countiesEntry!
            let path =
                entry.file.hasPrefix("/") ? entry.file : (directory as NSString).appendingPathComponent(entry.file)
            let collection: FeatureCollectionFile
            do {
                collection = try FeatureCollectionFile.read(
                    path: path, file: entry.label, options: entry.options(defaultCRS: m.crs, defaultDatum: m.datum))
            } catch {
                throw InputError(.dataset, source: directory, issues: [error.issue])
            }
            out.append((name, collection.root.serialized(pretty: false)))
        }
        var layerMap = Node.Mapping([])
        for (key, name) in layers { layerMap[Node(key)] = Node(name) }
        root[Node("layers")] = .mapping(layerMap)
        root[Node("crs")] = nil
        root[Node("datum")] = nil
        // Networks: GeoJSON files stay as they are; others are written as network GeoJSON.
        func rewrite(_ entry: Node, id: String) throws -> Node {
            guard case .mapping(var map) = entry else { return entry }
            guard let spec = dataset.network(named: id), spec.shipsNetwork else { return entry }
            let name = "network-\(id).geojson"
            let isGeoJSON = FeatureCollectionFile.looksLikeGeoJSON(spec.file) && spec.layer == nil && spec.crs == nil
            out.append(
                (name, isGeoJSON ? try String(contentsOfFile: spec.file, encoding: .utf8) : try networkText(spec)))
            map[Node("file")] = Node(name)
            for key in ["layer", "crs", "encoding"] { map[Node(key)] = nil }
            return .mapping(map)
        }
        if let single = root[Node("network")] {
            root[Node("network")] = try rewrite(single, id: dataset.networks.first?.id ?? "default")
        }
        if case .sequence(let list)? = root[Node("networks")] {
            var rewritten: [Node] = []
            for entry in list {
                rewritten.append(try rewrite(entry, id: entry[Node("id")]?.string ?? ""))
            }
            root[Node("networks")] = .sequence(Node.Sequence(rewritten))
        }
        out.insert((DatasetManifest.fileName, try Yams.serialize(node: root)), at: 0)
        return out
    }

    /// Whether `--data` names a database.
    public static func isDatabase(_ data: String?) -> Bool {
        guard let data else { return false }
        return data.hasPrefix("postgresql://") || data.hasPrefix("postgres://")
    }

    /// The connection URL without TownGraph's `schema` parameter, and the schema.
    public static func split(_ url: String) throws -> (url: String, schema: String) {
        guard var c = URLComponents(string: url) else { throw PGError("not a postgresql:// URL") }
        let schema = c.queryItems?.first { $0.name == "schema" }?.value
        c.queryItems = c.queryItems?.filter { $0.name != "schema" }
        if c.queryItems?.isEmpty == true { c.queryItems = nil }
        guard let schema, !schema.isEmpty else {
            throw PGError("say which schema holds the dataset: add ?schema=NAME to the URL")
        }
        return (c.string ?? url, schema)
    }

    /// Reads a pushed dataset back: its files, in one snapshot, into a fresh folder, which is
    /// then loaded as any dataset folder (and removed when the process ends).
    public static func load(url: String) throws -> Dataset {
        let (plain, schema) = try split(url)
        let db = try PGConnection(url: plain)
        let table = "\(PGConnection.identifier(schema)).\"files\""
        // The lock comes before the snapshot (taken at the first SELECT): a push that is
        // committing is waited for, and then its tables, whole, are the ones read.
        let rows: [[String?]] = try db.transaction {
            try db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            do { try db.execute("LOCK TABLE \(table) IN ACCESS SHARE MODE") } catch {
                throw PGError(
                    "schema \(schema) holds no TownGraph dataset (\(error)); push one with towngraph db push")
            }
            return try db.execute("SELECT name, content FROM \(table) ORDER BY name")
        }
        guard rows.contains(where: { $0[0] == DatasetManifest.fileName }) else {
            throw PGError("schema \(schema) holds no dataset.yaml; push the dataset again with towngraph db push")
        }
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "towngraph-db-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let dir = (folder as NSString).appendingPathComponent(schema)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        DatasetStore.remove(atExit: folder)
        for r in rows {
            guard let name = r[0], !name.contains("/"), let content = r[1] else { continue }
            try content.write(
                toFile: (dir as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        return try DatasetLoader.load(directory: dir)
    }

    nonisolated(unsafe) private static var folders: [String] = []
    private static let lock = NSLock()

    /// Removes a folder when the process ends.
    static func remove(atExit folder: String) {
        lock.lock()
        defer { lock.unlock() }
        if folders.isEmpty {
            atexit {
                for f in DatasetStore.folders { try? FileManager.default.removeItem(atPath: f) }
            }
        }
        folders.append(folder)
    }
}
