import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct Towns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List settlements, filtered by level, function type, sub-class, county, name, distance or area.",
        discussion: """
        Filters combine: every one given must hold. A filter may list several values,
        comma-separated or repeated, any of which may match. Levels, types and sub-classes
        are matched by id, Chinese name or English name; counties by id, Chinese name,
        pinyin or code; settlements by id, Chinese name (镇/乡 may be left off) or pinyin.

        Examples:
          towngraph towns --function industry-commerce
          towngraph towns --level key-town,small-town --county 广饶县
          towngraph towns --near 广饶县城 --within-km 15 --format csv
          towngraph towns --inside area.geojson --format geojson -o towns.geojson
        """)

    @OptionGroup var dataset: DatasetOptions

    @Option(help: ArgumentHelp("Level (id, 中文 or English name).", valueName: "level"))
    var level: [String] = []
    @Option(name: [.customLong("function"), .customLong("type")], help: ArgumentHelp("Function type.", valueName: "type"))
    var function: [String] = []
    @Option(name: .customLong("sub-class"), help: ArgumentHelp("Sub-class (for example featured-town / 特色镇).", valueName: "sub-class"))
    var subClass: [String] = []
    @Option(help: ArgumentHelp("County-level unit.", valueName: "county"))
    var county: [String] = []
    @Option(help: ArgumentHelp("Settlement id.", valueName: "id"))
    var id: [String] = []
    @Option(help: ArgumentHelp("Settlement name, Chinese or pinyin.", valueName: "name"))
    var name: [String] = []
    @Option(help: ArgumentHelp("Keep settlements near this one (needs --within-km).", valueName: "settlement"))
    var near: String?
    @Option(name: .customLong("within-km"), help: ArgumentHelp("Distance for --near, in kilometres, measured in the dataset's metric CRS.", valueName: "km"))
    var withinKm: Double?
    @Option(help: ArgumentHelp("Keep settlements inside the polygons of a GeoJSON file (WGS84).", valueName: "file"))
    var inside: String?
    @Option(help: "Output format: table, csv, json or geojson.")
    var format: SettlementListing.Format = .table
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file instead of standard output (- for standard output).", valueName: "file"))
    var output: String = "-"
    @Option(help: "Decimal places for coordinates in csv, json and geojson.")
    var precision: Int = 6

    func validate() throws {
        if (near == nil) != (withinKm == nil) { throw ValidationError("--near and --within-km go together") }
        if let km = withinKm, !(km >= 0 && km.isFinite) { throw ValidationError("--within-km must be a non-negative number") }
        if !(0...15).contains(precision) { throw ValidationError("--precision must lie between 0 and 15") }
    }

    func selection() throws -> Selection {
        var s = Selection()
        if !level.isEmpty { s = s.and(.level(splitList(level))) }
        if !function.isEmpty { s = s.and(.functionType(splitList(function))) }
        if !subClass.isEmpty { s = s.and(.subClass(splitList(subClass))) }
        if !county.isEmpty { s = s.and(.county(splitList(county))) }
        if !id.isEmpty { s = s.and(.id(splitList(id))) }
        if !name.isEmpty { s = s.and(.name(splitList(name))) }
        if let near, let km = withinKm { s = s.and(.near(settlement: near, metres: km * 1000)) }
        if let inside { s = s.and(.inside(try PolygonFile.read(inside))) }
        return s
    }

    func run() throws {
        let d = try dataset.load()
        noteWarnings(d)
        let found = try selection().apply(to: d)
        try OutputFile.write(SettlementListing.render(found, of: d, format: format, decimals: precision), to: output)
    }
}

extension SettlementListing.Format: ExpressibleByArgument {}

/// Reads the polygons of a GeoJSON file (a geometry, a Feature or a FeatureCollection).
enum PolygonFile {
    static func read(_ path: String) throws -> Geometry {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path): no such file")
        }
        let root: JSONValue
        do { root = try JSONValue.parse(data) } catch { throw ValidationError("\(path): \(error)") }
        var polygons: [[[Coordinate]]] = []
        func add(_ g: JSONValue, _ where_: String) throws {
            let geometry: Geometry
            do { geometry = try Geometry(geoJSON: g) } catch { throw ValidationError("\(path): \(where_): \(error)") }
            switch geometry {
            case let .polygon(rings): polygons.append(rings)
            case let .multiPolygon(ps): polygons += ps
            default: throw ValidationError("\(path): \(where_): expected a Polygon or MultiPolygon, found \(geometry.typeName)")
            }
        }
        switch root["type"]?.stringValue {
        case "FeatureCollection":
            for (i, f) in (root["features"]?.arrayValue ?? []).enumerated() {
                guard let g = f["geometry"], !g.isNull else { continue }
                try add(g, "feature \(i)")
            }
        case "Feature":
            guard let g = root["geometry"] else { throw ValidationError("\(path): the Feature has no geometry") }
            try add(g, "feature")
        default:
            try add(root, "geometry")
        }
        guard !polygons.isEmpty else { throw ValidationError("\(path): holds no polygon") }
        for c in polygons.flatMap({ $0.flatMap { $0 } }) where !(-180...180).contains(c.lon) || !(-90...90).contains(c.lat) {
            throw ValidationError("\(path): coordinate \(c.lon), \(c.lat) is not WGS84 longitude/latitude")
        }
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }
}
