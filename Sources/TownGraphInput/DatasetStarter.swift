import Foundation
import JSONKit
import TownGraphModel

/// `towngraph init`: a first `dataset.yaml` for a planner's own table or layer of towns.
/// It declares the levels and function types the file uses, with their counts, and marks
/// with TODO each place where the plan's own sentence and count belong; the towns stay in
/// the planner's file, which the manifest names with the columns to read.
public struct DatasetStarter: Sendable {
    /// The planner's columns for what TownGraph reads (nil: not in the file).
    public struct Columns: Sendable {
        public var id: String?
        public var name: String
        public var level: String
        public var functionType: String?
        public var county: String?

        public init(id: String?, name: String, level: String, functionType: String?, county: String?) {
            self.id = id
            self.name = name
            self.level = level
            self.functionType = functionType
            self.county = county
        }
    }

    /// What was found, for the summary line.
    public struct Found: Sendable {
        public let towns: Int
        public let located: Int
        public let levels: [(value: String, count: Int)]
        public let functionTypes: [(value: String, count: Int)]
    }

    public let folder: String
    public let settlements: String
    public let options: LayerReadOptions

    public init(folder: String, settlements: String, options: LayerReadOptions) {
        self.folder = folder
        self.settlements = settlements
        self.options = options
    }

    /// `path` relative to the folder `base` (both absolute), with `..` where it lies outside.
    static func relativePath(of path: String, from base: String) -> String {
        guard path.hasPrefix("/"), base.hasPrefix("/") else { return path }
        let a = path.split(separator: "/")
        let b = base.split(separator: "/")
        var common = 0
        while common < min(a.count - 1, b.count) && a[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: b.count - common)
        return (up + a[common...].map(String.init)).joined(separator: "/")
    }

    /// The manifest text and what it found. The layer is read as a dataset would read it,
    /// so a file TownGraph cannot read fails here with the same message.
    public func manifest(columns: Columns) throws -> (text: String, found: Found) {
        let name = (settlements as NSString).lastPathComponent
        let collection: FeatureCollectionFile
        do { collection = try FeatureCollectionFile.read(path: settlements, file: name, options: options) } catch {
            throw InputError(.dataset, source: settlements, issues: [error.issue])
        }
        let rows = collection.features.map { $0["properties"] ?? .object([]) }
        let keys = Set(rows.flatMap { ($0.objectValue ?? []).map(\.0) })
        for (what, column) in [("name", columns.name), ("level", columns.level)]
            + [("id", columns.id), ("function type", columns.functionType), ("county", columns.county)].compactMap({
                c in c.1.map { (c.0, $0) }
            })
        where !keys.contains(column) {
            throw InputError(
                .dataset, source: settlements,
                issues: [
                    DatasetIssue(
                        .error, file: name,
                        "has no column \"\(column)\" for the \(what) (its columns: \(keys.sorted().joined(separator: ", ")))"
                    )
                ])
        }
        func tally(_ column: String) -> [(String, Int)] {
            var order: [String] = []
            var counts: [String: Int] = [:]
            for r in rows {
                guard let v = r[column].flatMap({ $0.stringValue ?? $0.numberValue.map(JSONValue.format) }), !v.isEmpty
                else { continue }
                if counts[v] == nil { order.append(v) }
                counts[v, default: 0] += 1
            }
            return order.map { ($0, counts[$0]!) }
        }
        let levels = tally(columns.level)
        let types = columns.functionType.map(tally) ?? []
        let located = collection.features.filter { !($0["geometry"]?.isNull ?? true) }.count
        let found = Found(towns: rows.count, located: located, levels: levels, functionTypes: types)

        func q(_ s: String) -> String { JSONValue.string(s).serialized(pretty: false) }
        let relative = Self.relativePath(of: settlements, from: folder)
        var fields: [(String, String)] = [("name", columns.name), ("level", columns.level)]
        if let c = columns.id { fields.append(("id", c)) }
        if let c = columns.functionType { fields.append(("function_type", c)) }
        if let c = columns.county { fields.append(("county", c)) }
        let title = (folder as NSString).lastPathComponent
        var y = """
            # TownGraph dataset manifest, started by `towngraph init` from \(name).
            # Fill in each TODO from the plan's text; `towngraph info --data \(title)` checks the result.
            name: \(q(title))
            title: \(q(title))  # TODO: the plan's region and subject
            plan:
              title: "TODO: the plan's full title"
            structure_sentence: "TODO: the plan's sentence that sets up the levels"

            """
        if let crs = options.crs { y += "crs: \(q(crs))\n" }
        y += "layers:\n  settlements:\n    file: \(q(relative))\n"
        if let l = options.layer { y += "    layer: \(q(l))\n" }
        if let e = options.encoding { y += "    encoding: \(q(e))\n" }
        if let x = options.xField { y += "    x_field: \(q(x))\n" }
        if let v = options.yField { y += "    y_field: \(q(v))\n" }
        y += "    fields: {" + fields.map { "\($0.0): \(q($0.1))" }.joined(separator: ", ") + "}\n"
        y += "levels:  # TODO: put them in the plan's order, top level first (rank 1)\n"
        for (i, l) in levels.enumerated() {
            y += """
                  - id: \(q(l.0))
                    rank: \(i + 1)
                    name: \(q(l.0))
                    stated_count: null  # TODO: the plan's count (the file has \(l.1))
                    plan_sentence: "TODO: the plan's sentence naming this level"

                """
        }
        if !types.isEmpty {
            y += "function_types:\n"
            for t in types {
                y += """
                      - id: \(q(t.0))
                        name: \(q(t.0))
                        stated_count: null  # TODO: the plan's count (the file has \(t.1))
                        plan_sentence: "TODO: the plan's sentence naming this type"

                    """
            }
        }
        y += """
            # networks:  TODO: the road network (a GeoJSON, Shapefile or GeoPackage layer, or an .osm.pbf file), e.g.
            #   - id: roads
            #     file: roads.gpkg
            #     description: "…"
            #     classes: [{id: expressway, name: 高速公路, speed_kmh: 100, controlled_access: true}]
            # targets:  TODO: the plan's travel-time targets (see docs/dataset-format.md)

            """
        return (y, found)
    }
}
