import CGDAL
import Foundation
import JSONKit

/// A layer to write: its features' attributes and GeoJSON geometries, already in `crs`.
public struct VectorLayerOutput: Sendable {
    public let name: String
    /// The CRS the coordinates are in ("EPSG:4549", "OGC:CRS84"), written into the file
    /// (.prj, GeoPackage srs).
    public let crs: String
    public let features: [(properties: [(String, JSONValue)], geometry: JSONValue?)]

    public init(name: String, crs: String, features: [(properties: [(String, JSONValue)], geometry: JSONValue?)]) {
        self.name = name
        self.crs = crs
        self.features = features
    }
}

/// Writes vector layers with a GDAL driver, in memory: the files come back as bytes, for the
/// caller to write safely (whole or not at all).
public enum VectorWriter {
    /// The files a driver makes for `layers` (one .gpkg; a Shapefile's .shp, .shx, .dbf,
    /// .prj and .cpg per layer; one .csv per layer), by file name, sorted. `name` is the
    /// main file's name ("towns.gpkg"; for drivers that write one file per layer, the
    /// folder's).
    public static func files(
        _ layers: [VectorLayerOutput], name: String, driver: String, layerOptions: [String] = []
    ) throws -> [(name: String, data: Data)] {
        let folder = "/vsimem/towngraph-\(UInt64.random(in: 0...UInt64.max))"
        defer { VSIRmdirRecursive(folder) }
        let perLayer = driver == "ESRI Shapefile" || driver == "CSV"
        let target = perLayer ? folder : "\(folder)/\(name)"
        if driver == "ESRI Shapefile" { VSIMkdir(folder, 0o755) }
        try write(layers, to: target, driver: driver, layerOptions: layerOptions)
        guard let list = VSIReadDir(folder) else { throw GDALError("\(driver) wrote no file") }
        defer { CSLDestroy(list) }
        var out: [(String, Data)] = []
        var p = list
        while let entry = p.pointee {
            let file = String(cString: entry)
            var length: vsi_l_offset = 0
            if let bytes = VSIGetMemFileBuffer("\(folder)/\(file)", &length, 0) {
                out.append((file, Data(bytes: bytes, count: Int(length))))
            }
            p += 1
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// Writes `layers` into a new dataset at `path` with the GDAL driver `driver` ("GPKG",
    /// "ESRI Shapefile", "CSV"), each with `layerOptions` (such as `ENCODING=UTF-8`).
    /// Attribute types follow the values: whole numbers as 64-bit integers, other numbers as
    /// reals, true/false as booleans, lists and objects as JSON text, the rest as text.
    public static func write(
        _ layers: [VectorLayerOutput], to path: String, driver name: String, layerOptions: [String] = []
    ) throws {
        VectorFile.ensureRegistered()
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        CPLErrorReset()
        guard let driver = GDALGetDriverByName(name) else { throw GDALError("GDAL has no \(name) driver") }
        guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw GDALError("cannot create \(path): \(VectorFile.lastMessage() ?? "unknown error")")
        }
        defer { GDALClose(ds) }
        var options: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        for o in layerOptions { options = CSLAddString(options, o) }
        defer { CSLDestroy(options) }
        for layer in layers {
            try write(layer, into: ds, options: options)
        }
    }

    enum Kind { case integer, real, boolean, text }

    static func kind(of values: [JSONValue]) -> Kind {
        var kind: Kind?
        for v in values where !v.isNull {
            let k: Kind
            switch v {
            case .bool: k = .boolean
            case .number(let n): k = n == n.rounded() && abs(n) < 9e15 ? .integer : .real
            default: k = .text
            }
            switch (kind, k) {
            case (nil, _): kind = k
            case (.integer?, .real), (.real?, .integer): kind = .real
            case (let a?, let b) where a != b: return .text
            default: break
            }
        }
        return kind ?? .text
    }

    static func write(
        _ layer: VectorLayerOutput, into ds: GDALDatasetH, options: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) throws {
        guard let srs = OSRNewSpatialReference(nil) else { throw GDALError("cannot make a spatial reference") }
        defer { OSRDestroySpatialReference(srs) }
        guard OSRSetFromUserInput(srs, layer.crs) == OGRERR_NONE else {
            throw GDALError("GDAL does not know the CRS \(layer.crs)")
        }
        // Coordinates come as x = easting/longitude, y = northing/latitude.
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        let geometryType = layer.features.compactMap {
            $0.geometry?["type"]?.stringValue.map { $0 == "Polygon" ? "MultiPolygon" : $0 }
        }.reduce(
            nil as String?
        ) { a, b in a == nil || a == b ? b : "mixed" }
        let ogrType: OGRwkbGeometryType
        switch geometryType {
        case "Point": ogrType = wkbPoint
        case "LineString": ogrType = wkbLineString
        case "Polygon", "MultiPolygon": ogrType = wkbMultiPolygon
        case "MultiLineString": ogrType = wkbMultiLineString
        case nil: ogrType = wkbNone
        default: ogrType = wkbUnknown
        }
        let handle = GDALDatasetCreateLayer(ds, layer.name, srs, ogrType, options)
        guard let out = handle else {
            throw GDALError("cannot create layer \(layer.name): \(VectorFile.lastMessage() ?? "unknown error")")
        }
        // Fields, in first-seen order, typed by their values.
        var names: [String] = []
        var seen = Set<String>()
        for f in layer.features { for (k, _) in f.properties where seen.insert(k).inserted { names.append(k) } }
        var kinds: [String: Kind] = [:]
        for n in names {
            let k = kind(of: layer.features.map { f in f.properties.first { $0.0 == n }?.1 ?? .null })
            kinds[n] = k
            guard
                let field = OGR_Fld_Create(
                    n, k == .integer ? OFTInteger64 : k == .real ? OFTReal : k == .boolean ? OFTInteger : OFTString)
            else {
                throw GDALError("cannot make field \(n)")
            }
            defer { OGR_Fld_Destroy(field) }
            if k == .boolean { OGR_Fld_SetSubType(field, OFSTBoolean) }
            guard OGR_L_CreateField(out, field, 1) == OGRERR_NONE else {
                throw GDALError("cannot create field \(n) in \(layer.name): \(VectorFile.lastMessage() ?? "")")
            }
        }
        let definition = OGR_L_GetLayerDefn(out)
        for (i, f) in layer.features.enumerated() {
            guard let feature = OGR_F_Create(definition) else { throw GDALError("cannot make feature \(i)") }
            defer { OGR_F_Destroy(feature) }
            for (n, v) in f.properties {
                // The driver may have renamed the field (a Shapefile keeps 10 characters).
                let index = names.firstIndex(of: n).map(Int32.init) ?? -1
                guard index >= 0, !v.isNull else { continue }
                switch (kinds[n]!, v) {
                case (.integer, .number(let x)): OGR_F_SetFieldInteger64(feature, index, Int64(x))
                case (.real, .number(let x)): OGR_F_SetFieldDouble(feature, index, x)
                case (.boolean, .bool(let b)): OGR_F_SetFieldInteger(feature, index, b ? 1 : 0)
                case (_, .string(let s)): OGR_F_SetFieldString(feature, index, s)
                default: OGR_F_SetFieldString(feature, index, v.serialized(pretty: false))
                }
            }
            if let g = f.geometry, !g.isNull {
                guard let geometry = OGR_G_CreateGeometryFromJson(g.serialized(pretty: false)) else {
                    throw GDALError("feature \(i) of \(layer.name): GDAL cannot read its geometry")
                }
                let forced = ogrType == wkbMultiPolygon ? OGR_G_ForceToMultiPolygon(geometry) : geometry
                OGR_F_SetGeometryDirectly(feature, forced)
            }
            guard OGR_L_CreateFeature(out, feature) == OGRERR_NONE else {
                throw GDALError(
                    "cannot write feature \(i) of \(layer.name): \(VectorFile.lastMessage() ?? "unknown error")")
            }
        }
    }
}
