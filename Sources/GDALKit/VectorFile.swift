import CGDAL
import Foundation
import JSONKit

/// A failure reported by GDAL, with GDAL's own message.
public struct GDALError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One vector layer read whole through GDAL: its features' attributes and geometries as JSON
/// values (GeoJSON geometry objects, in the layer's own coordinates), and the coordinate
/// system the file declares for it.
public struct VectorLayer: Sendable {
    /// One feature: its id in the file, its attributes in field order, its geometry (nil
    /// when it has none, as in a CSV or XLSX table).
    public struct Feature: Sendable {
        public let fid: Int64
        public let properties: [(String, JSONValue)]
        public let geometry: JSONValue?
    }

    /// The file's format, as GDAL names its driver ("ESRI Shapefile", "GPKG", "CSV"…).
    public let driver: String
    public let name: String
    /// The layer's coordinate system as PROJ takes it ("EPSG:4549", else WKT), or nil when
    /// the file declares none.
    public let crs: String?
    /// The attribute names, in the file's order.
    public let fields: [String]
    public let features: [Feature]
}

/// Vector files read with GDAL. Each call opens the file, reads and closes it: no GDAL
/// handle outlives a call or is shared between threads, and GDAL's messages come back as
/// the errors' text instead of going to standard error.
public enum VectorFile {
    /// GDAL's version ("3.6.2").
    public static var gdalVersion: String {
        ensureRegistered()
        return GDALVersionInfo("RELEASE_NAME").map { String(cString: $0) } ?? "unknown"
    }

    /// The names of the file's vector layers, in file order.
    public static func layerNames(path: String, openOptions: [String] = []) throws -> [String] {
        try withDataset(path, openOptions) { ds in
            (0..<GDALDatasetGetLayerCount(ds)).compactMap { i in
                GDALDatasetGetLayer(ds, i).flatMap { OGR_L_GetName($0) }.map { String(cString: $0) }
            }
        }
    }

    /// Reads one layer (by name; the only layer, or the first, when `layer` is nil).
    /// `openOptions` are GDAL open options such as `ENCODING=GBK` for a Shapefile whose
    /// .cpg is missing.
    /// `configOptions` are GDAL configuration options set for this thread during the call
    /// only (such as `OGR_XLSX_HEADERS=FORCE`, for drivers that take no open option).
    public static func read(
        path: String, layer name: String? = nil, openOptions: [String] = [], configOptions: [(String, String)] = []
    ) throws -> VectorLayer {
        for (key, value) in configOptions { CPLSetThreadLocalConfigOption(key, value) }
        defer { for (key, _) in configOptions { CPLSetThreadLocalConfigOption(key, nil) } }
        return try withDataset(path, openOptions) { ds in
            let count = GDALDatasetGetLayerCount(ds)
            guard count > 0 else { throw GDALError("has no vector layer") }
            let layer: OGRLayerH
            if let name {
                guard let found = GDALDatasetGetLayerByName(ds, name) else {
                    let names = (0..<count).compactMap { i in
                        GDALDatasetGetLayer(ds, i).flatMap { OGR_L_GetName($0) }.map { String(cString: $0) }
                    }
                    throw GDALError("has no layer \"\(name)\" (its layers: \(names.joined(separator: ", ")))")
                }
                layer = found
            } else {
                guard let first = GDALDatasetGetLayer(ds, 0) else { throw GDALError("has no readable layer") }
                layer = first
            }
            let driver = GDALGetDatasetDriver(ds).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) }
            return try read(layer, driver: driver ?? "unknown")
        }
    }

    static func read(_ layer: OGRLayerH, driver: String) throws -> VectorLayer {
        let name = OGR_L_GetName(layer).map { String(cString: $0) } ?? ""
        let definition = OGR_L_GetLayerDefn(layer)
        let fieldCount = OGR_FD_GetFieldCount(definition)
        var fields: [String] = []
        var types: [OGRFieldType] = []
        var boolean: [Bool] = []
        for i in 0..<fieldCount {
            let f = OGR_FD_GetFieldDefn(definition, i)
            fields.append(OGR_Fld_GetNameRef(f).map { String(cString: $0) } ?? "field\(i)")
            types.append(OGR_Fld_GetType(f))
            boolean.append(OGR_Fld_GetSubType(f) == OFSTBoolean)
        }
        var features: [VectorLayer.Feature] = []
        OGR_L_ResetReading(layer)
        while let f = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(f) }
            var properties: [(String, JSONValue)] = []
            for i in 0..<fieldCount {
                guard OGR_F_IsFieldSetAndNotNull(f, i) != 0 else {
                    properties.append((fields[Int(i)], .null))
                    continue
                }
                let value: JSONValue
                switch types[Int(i)] {
                case OFTInteger where boolean[Int(i)]: value = .bool(OGR_F_GetFieldAsInteger(f, i) != 0)
                case OFTInteger: value = .number(Double(OGR_F_GetFieldAsInteger(f, i)))
                case OFTInteger64: value = .number(Double(OGR_F_GetFieldAsInteger64(f, i)))
                case OFTReal: value = .number(OGR_F_GetFieldAsDouble(f, i))
                case OFTStringList:
                    var list: [JSONValue] = []
                    if var p = OGR_F_GetFieldAsStringList(f, i) {
                        while let s = p.pointee {
                            list.append(.string(String(cString: s)))
                            p += 1
                        }
                    }
                    value = .array(list)
                case OFTIntegerList, OFTInteger64List, OFTRealList:
                    var n: Int32 = 0
                    let p = OGR_F_GetFieldAsDoubleList(f, i, &n)
                    value = .array((0..<Int(n)).map { .number(p![$0]) })
                default: value = .string(OGR_F_GetFieldAsString(f, i).map { String(cString: $0) } ?? "")
                }
                properties.append((fields[Int(i)], value))
            }
            var geometry: JSONValue?
            if let g = OGR_F_GetGeometryRef(f) {
                OGR_G_FlattenTo2D(g)
                guard let text = OGR_G_ExportToJson(g) else {
                    throw GDALError("feature \(OGR_F_GetFID(f)): its geometry cannot be written as GeoJSON")
                }
                defer { VSIFree(text) }
                geometry = try? JSONValue.parse(Data(String(cString: text).utf8))
            }
            features.append(.init(fid: Int64(OGR_F_GetFID(f)), properties: properties, geometry: geometry))
        }
        if CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal {
            throw GDALError(lastMessage() ?? "reading the layer failed")
        }
        return VectorLayer(
            driver: driver, name: name, crs: OGR_L_GetSpatialRef(layer).flatMap(crsDefinition), fields: fields,
            features: features)
    }

    /// "AUTHORITY:CODE" when GDAL knows the code, else the WKT.
    static func crsDefinition(_ srs: OGRSpatialReferenceH) -> String? {
        if let authority = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            return "\(String(cString: authority)):\(String(cString: code))"
        }
        var wkt: UnsafeMutablePointer<CChar>?
        guard OSRExportToWkt(srs, &wkt) == OGRERR_NONE, let wkt else { return nil }
        defer { VSIFree(wkt) }
        return String(cString: wkt)
    }

    // MARK: Handles and errors

    private static let registration: Void = { GDALAllRegister() }()
    static func ensureRegistered() { _ = registration }

    static func lastMessage() -> String? {
        guard let m = CPLGetLastErrorMsg() else { return nil }
        let text = String(cString: m).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Opens `path` read-only as vector data, runs `body`, closes it; GDAL's messages are
    /// kept off standard error (the handler stack is per thread) and become the error text.
    static func withDataset<T>(
        _ path: String, _ openOptions: [String], _ body: (GDALDatasetH) throws -> T
    ) throws
        -> T
    {
        ensureRegistered()
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        CPLErrorReset()
        var options: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        for o in openOptions { options = CSLAddString(options, o) }
        defer { CSLDestroy(options) }
        let flags = UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_READONLY) | UInt32(GDAL_OF_VERBOSE_ERROR)
        let handle: GDALDatasetH? = options.withMemoryRebound { list in
            GDALOpenEx(path, flags, nil, list, nil)
        }
        guard let ds = handle else {
            throw GDALError(lastMessage() ?? "GDAL cannot open it as vector data (no driver recognises it)")
        }
        defer { GDALClose(ds) }
        return try body(ds)
    }
}

extension Optional where Wrapped == UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
    /// The string list as GDAL's `const char* const*` parameters take it.
    fileprivate func withMemoryRebound<T>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        guard let self else { return body(nil) }
        return self.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: 1) { body(UnsafePointer($0)) }
    }
}
