import Foundation
import GDALKit
import GeoKit
import JSONKit
import OSMKit
import TownGraphModel

/// How to read one layer a manifest names, beyond its file: which layer of a multi-layer
/// file, its coordinate system when the file does not say (or says wrong), the text encoding
/// of a Shapefile without a .cpg, and which columns of a table hold the coordinates.
public struct LayerReadOptions: Sendable, Equatable {
    /// The layer's name in a multi-layer file (GeoPackage, FileGDB); nil: the first.
    public var layer: String?
    /// The CRS of the coordinates, as PROJ takes it ("EPSG:4549"); overrides the file's.
    public var crs: String?
    /// The dataset's `crs`: the CRS of files that declare none.
    public var defaultCRS: String?
    /// A Shapefile's attribute encoding ("GBK", "UTF-8"), when its .cpg is missing or wrong.
    public var encoding: String?
    /// The columns of a table (CSV, XLSX) that hold x/longitude and y/latitude.
    public var xField: String?
    public var yField: String?
    /// TownGraph property names by the column that holds them, for files whose columns are
    /// named otherwise (a Shapefile cuts names to 10 characters: `function_t`).
    public var fields: [String: String]
    /// `gcj02` when the coordinates come from a Chinese web map (Amap, Tencent): they are
    /// moved back to WGS84 after any CRS transform.
    public var datum: String?

    public init(
        layer: String? = nil, crs: String? = nil, defaultCRS: String? = nil, encoding: String? = nil,
        xField: String? = nil, yField: String? = nil, fields: [String: String] = [:]
    ) {
        self.fields = fields
        self.layer = layer
        self.crs = crs
        self.defaultCRS = defaultCRS
        self.encoding = encoding
        self.xField = xField
        self.yField = yField
    }

    /// Column names taken as x/longitude and y/latitude when none is given (case ignored).
    static let xNames = ["lon", "lng", "long", "longitude", "x", "经度", "lon_wgs84"]
    static let yNames = ["lat", "latitude", "y", "纬度", "lat_wgs84"]
}

/// Reading layers of any format into the FeatureCollection every loader validates:
/// GeoJSON by TownGraph's own strict reader, everything else (Shapefile, GeoPackage, FileGDB,
/// CSV, XLSX, `PG:` connections…) through GDAL; then coordinates are transformed from the
/// layer's CRS to WGS84 longitude/latitude with PROJ.
extension FeatureCollectionFile {
    /// Whether a path names GeoJSON: its first visible character opens a JSON object, or,
    /// for a file that cannot be read, its name ends in json.
    static func looksLikeGeoJSON(_ path: String) -> Bool {
        if path.hasPrefix("PG:") { return false }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return path.lowercased().hasSuffix("json")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return false  // a FileGDB folder
        }
        guard let h = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: 64)) ?? Data()
        return head.first { !(Character(UnicodeScalar($0)).isWhitespace || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
            == UInt8(ascii: "{")
    }

    /// Reads a layer of any format GDAL knows and returns it in WGS84 longitude/latitude.
    static func read(path: String, file: String, options: LayerReadOptions) throws(FileIssue) -> FeatureCollectionFile {
        let collection = try readInCRS(path: path, file: file, options: options)
        switch options.datum?.lowercased() {
        case nil, "wgs84": return collection
        case "gcj02", "gcj-02": return collection.movedFromGCJ02()
        case let other?:
            throw FileIssue(
                DatasetIssue(.error, file: file, "datum \"\(other)\" is not one TownGraph knows (gcj02 or wgs84)"))
        }
    }

    /// The collection with every geometry moved from GCJ-02 to WGS84.
    func movedFromGCJ02() -> FeatureCollectionFile {
        let moved = features.map { f -> JSONValue in
            guard let g = f["geometry"], !g.isNull, let geometry = try? Geometry(geoJSON: g) else { return f }
            let back = GCJ02.toWGS84(geometry).geoJSON()
            return .object((f.objectValue ?? []).map { $0.0 == "geometry" ? ($0.0, back) : $0 })
        }
        let root = JSONValue.object(
            (root.objectValue ?? []).map { $0.0 == "features" ? ($0.0, .array(moved)) : $0 })
        return FeatureCollectionFile(
            file: file, root: root, features: moved,
            warnings: warnings + [
                DatasetIssue(
                    .warning, file: file,
                    "read as GCJ-02 (datum: gcj02) and moved to WGS84 with the published formula (about 1-2 m from true WGS84)"
                )
            ])
    }

    static func readInCRS(
        path: String, file: String, options: LayerReadOptions
    ) throws(FileIssue)
        -> FeatureCollectionFile
    {
        func fail(_ message: String) -> FileIssue { FileIssue(DatasetIssue(.error, file: file, message)) }
        if looksLikeGeoJSON(path) {
            let collection = try read(path: path, file: file, transform: false)
            let crs = options.crs ?? collection.declaredCRS ?? options.defaultCRS
            guard let crs, !wgs84Names.contains(crs) else { return collection }
            return try collection.transformed(from: crs, note: collection.declaredCRS == crs ? " (its crs member)" : "")
        }
        if !path.hasPrefix("PG:"), let problem = InputFileCheck.problem(path),
            !(problem.hasPrefix("is a folder") && path.lowercased().hasSuffix(".gdb"))
        {
            throw fail("cannot read \(path): \(problem)")
        }
        let layer: VectorLayer
        do {
            // A CSV's cells are text: let GDAL type its columns and read empty cells as null.
            // A spreadsheet's first row names its columns.
            let lower = path.lowercased()
            let csv = lower.hasSuffix(".csv") ? ["AUTODETECT_TYPE=YES", "EMPTY_STRING_AS_NULL=YES"] : []
            let sheets = [("OGR_XLSX_HEADERS", "FORCE"), ("OGR_ODS_HEADERS", "FORCE")]
            layer = try VectorFile.read(
                path: path, layer: options.layer,
                openOptions: csv + (options.encoding.map { ["ENCODING=\($0)"] } ?? []),
                configOptions: sheets)
        } catch {
            throw fail("cannot read \(path) with GDAL: \(error)")
        }
        InputFiles.record(path)
        var features: [JSONValue] = []
        let hasGeometry = layer.features.contains { $0.geometry != nil }
        var xy: (String, String)?
        if !hasGeometry {
            func find(_ given: String?, _ names: [String]) throws(FileIssue) -> String? {
                if let given {
                    guard layer.fields.contains(given) else {
                        throw fail(
                            "has no column \"\(given)\" (its columns: \(layer.fields.joined(separator: ", ")))")
                    }
                    return given
                }
                return layer.fields.first { names.contains($0.lowercased()) }
            }
            let x = try find(options.xField, LayerReadOptions.xNames)
            let y = try find(options.yField, LayerReadOptions.yNames)
            if let x, let y { xy = (x, y) }
        }
        let renamed = Dictionary(options.fields.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        for column in options.fields.values where !layer.fields.contains(column) {
            throw fail("has no column \"\(column)\" (its columns: \(layer.fields.joined(separator: ", ")))")
        }
        for (i, f) in layer.features.enumerated() {
            var properties = f.properties.map { (renamed[$0.0] ?? $0.0, Self.listValue($0.1)) }
            var geometry = f.geometry ?? .null
            if let (x, y) = xy {
                let xv = properties.first { $0.0 == x }?.1
                let yv = properties.first { $0.0 == y }?.1
                properties.removeAll { $0.0 == x || $0.0 == y }
                func number(_ v: JSONValue?) -> Double? {
                    v?.numberValue ?? v?.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                }
                switch (number(xv), number(yv)) {
                case (let lon?, let lat?):
                    geometry = .object([
                        ("type", .string("Point")), ("coordinates", .array([.number(lon), .number(lat)])),
                    ])
                case (nil, nil) where Self.isBlank(xv) && Self.isBlank(yv):
                    geometry = .null  // a row without coordinates: not located
                default:
                    throw fail(
                        "row \(i + 1): \(x) and \(y) must be numbers, found \(xv?.kindName ?? "nothing") and \(yv?.kindName ?? "nothing")"
                    )
                }
            }
            features.append(
                .object([
                    // The feature's id in the file (a row number for tables) stands in when no
                    // column is the id.
                    ("type", .string("Feature")), ("id", .number(Double(f.fid))), ("properties", .object(properties)),
                    ("geometry", geometry),
                ]))
        }
        let collection = FeatureCollectionFile(
            file: file, root: .object([("type", .string("FeatureCollection")), ("features", .array(features))]),
            features: features, warnings: [])
        let crs = options.crs ?? layer.crs ?? options.defaultCRS
        guard let crs, !wgs84Names.contains(crs) else { return collection }
        return try collection.transformed(from: crs, note: layer.crs == nil ? "" : " (the CRS the file declares)")
    }

    /// An empty cell: null, or text of white space only.
    static func isBlank(_ v: JSONValue?) -> Bool {
        guard let v, !v.isNull else { return true }
        return v.stringValue?.trimmingCharacters(in: .whitespaces).isEmpty ?? false
    }

    /// A text value that holds a list, as formats without list columns store one: JSON
    /// (`["a","b"]`, as GeoPackage writes lists) or OGR's `(2:a,b)` (as Shapefiles get them),
    /// becomes the list; any other value is kept.
    static func listValue(_ v: JSONValue) -> JSONValue {
        guard let s = v.stringValue?.trimmingCharacters(in: .whitespaces) else { return v }
        if s.hasPrefix("["), s.hasSuffix("]"), let parsed = try? JSONValue.parse(Data(s.utf8)), parsed.arrayValue != nil
        {
            return parsed
        }
        if s.hasPrefix("("), s.hasSuffix(")"), let colon = s.firstIndex(of: ":"),
            let n = Int(s[s.index(after: s.startIndex)..<colon])
        {
            let body = s[s.index(after: colon)..<s.index(before: s.endIndex)]
            let items = n == 0 ? [] : body.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if items.count == n { return .array(items.map { .string($0) }) }
        }
        return v
    }

    /// The collection with every geometry transformed from `crs` to WGS84 longitude/latitude.
    func transformed(from crs: String, note: String) throws(FileIssue) -> FeatureCollectionFile {
        func fail(_ message: String) -> FileIssue { FileIssue(DatasetIssue(.error, file: file, message)) }
        let transformer: CRSTransformer
        do { transformer = try CRSTransformer(from: crs, to: MetricProjection.wgs84) } catch {
            throw fail("its coordinate system \(crs)\(note) is not one PROJ knows: \(error)")
        }
        let info = try? CoordinateReferenceSystem(crs)
        var moved: [JSONValue] = []
        for (i, f) in features.enumerated() {
            guard let g = f["geometry"], !g.isNull else {
                moved.append(f)
                continue
            }
            let raw: Geometry
            let geometry: Geometry
            do {
                raw = try Geometry(geoJSON: g)
                geometry = try transformer.transform(raw)
            } catch {
                throw fail("feature \(i): cannot transform its geometry from \(crs) to WGS84: \(error)")
            }
            // Coordinates far outside the CRS's area of use were not written in it.
            if let c = geometry.allCoordinates.first, let r = raw.allCoordinates.first,
                let off = info?.degreesOutsideAreaOfUse(c), off > MetricCRS.usableMarginDegrees
            {
                throw fail(
                    "feature \(i): read as \(crs)\(note), its coordinates (\(JSONValue.format(r.x)), \(JSONValue.format(r.y))) land at "
                        + String(format: "%.4f, %.4f, %.0f° outside the area of use of ", c.lon, c.lat, off)
                        + "\(crs) (\(info?.name ?? crs)): they are not in that CRS; say which CRS they are in with crs: in dataset.yaml"
                )
            }
            moved.append(.object((f.objectValue ?? []).map { $0.0 == "geometry" ? ($0.0, geometry.geoJSON()) : $0 }))
        }
        let root = JSONValue.object(
            (root.objectValue ?? []).filter { $0.0 != "crs" }.map { $0.0 == "features" ? ($0.0, .array(moved)) : $0 })
        return FeatureCollectionFile(file: file, root: root, features: moved, warnings: warnings)
    }
}
