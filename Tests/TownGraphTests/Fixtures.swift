import Foundation
import TestSupport
@testable import TownGraph

/// The bundled Dongying dataset, loaded once per test that needs it.
func dongying() throws -> Dataset {
    try DatasetLoader.load(directory: TestPaths.dongying.path)
}

/// A writable copy of the Dongying dataset for tests that break it on purpose.
struct BrokenDataset {
    let temp: TemporaryDirectory
    let dir: URL

    init() throws {
        temp = try TemporaryDirectory()
        dir = try temp.copyDataset(from: TestPaths.dongying)
    }

    func read(_ file: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
    }

    func write(_ file: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    /// Edits a GeoJSON file as a Foundation object tree.
    func editFeatures(_ file: String, _ edit: (inout [[String: Any]]) -> Void) throws {
        let data = try Data(contentsOf: dir.appendingPathComponent(file))
        var root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var features = root["features"] as! [[String: Any]]
        edit(&features)
        root["features"] = features
        try JSONSerialization.data(withJSONObject: root).write(to: dir.appendingPathComponent(file))
    }

    /// Loads the dataset, expecting failure, and returns the errors.
    func errors() -> [DatasetIssue] {
        do {
            _ = try DatasetLoader.load(directory: dir.path)
            return []
        } catch let e as DatasetLoadError {
            return e.errors
        } catch {
            return [DatasetIssue(.error, file: "?", "\(error)")]
        }
    }
}

extension Array where Element == [String: Any] {
    /// The index of the feature whose properties.id is `id`.
    func index(of id: String) -> Int {
        firstIndex { ($0["properties"] as? [String: Any])?["id"] as? String == id }!
    }

    mutating func setProperty(_ id: String, _ key: String, _ value: Any) {
        let i = index(of: id)
        var p = self[i]["properties"] as! [String: Any]
        p[key] = value
        self[i]["properties"] = p
    }
}
