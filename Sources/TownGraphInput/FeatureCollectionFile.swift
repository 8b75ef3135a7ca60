import Foundation
import GeoKit
import JSONKit
import OSMKit
import TownGraphModel

/// A GeoJSON FeatureCollection read from a file, checked to be RFC 7946: every layer of a
/// dataset, every network file and every polygon file is read through it, so they fail the
/// same way with the same messages.
struct FeatureCollectionFile {
    /// The file's name as messages give it (relative to the dataset folder, or as given).
    let file: String
    let root: JSONValue
    let features: [JSONValue]
    /// Soft findings (a `crs` member, which RFC 7946 leaves out).
    let warnings: [DatasetIssue]
    /// The CRS a `crs` member names, when it is not WGS84.
    var declaredCRS: String? = nil

    /// CRS names accepted as WGS84 longitude/latitude.
    static let wgs84Names: Set<String> = [
        "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84",
        "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "WGS84", "WGS 84",
    ]

    /// Reads `path`; the issue thrown names `file` and says what is wrong. A `crs` member
    /// other than WGS84 is honoured: the coordinates are transformed (unless `transform` is
    /// false, for a caller that decides the CRS itself).
    static func read(path: String, file: String, transform: Bool = true) throws(FileIssue) -> FeatureCollectionFile {
        func fail(_ message: String) -> FileIssue { FileIssue(DatasetIssue(.error, file: file, message)) }
        if let problem = InputFileCheck.problem(path) { throw fail("cannot read \(path): \(problem)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read \(path)") }
        InputFiles.record(path)
        let collection = try parse(data, file: file)
        guard transform, let crs = collection.declaredCRS else { return collection }
        return try collection.transformed(from: crs, note: " (its crs member)")
    }

    /// Parses a FeatureCollection from bytes; the issue thrown names `file`.
    static func parse(_ data: Data, file: String) throws(FileIssue) -> FeatureCollectionFile {
        func fail(_ message: String) -> FileIssue { FileIssue(DatasetIssue(.error, file: file, message)) }
        let root: JSONValue
        do { root = try JSONValue.parse(data) } catch { throw fail("\(error)") }
        guard root["type"]?.stringValue == "FeatureCollection" else {
            let found = root["type"].map { $0.stringValue.map { "\"\($0)\"" } ?? $0.kindName } ?? "missing"
            throw fail("not a GeoJSON FeatureCollection (top-level \"type\" is \(found))")
        }
        var warnings: [DatasetIssue] = []
        var declared: String?
        if let crs = root["crs"] {
            guard let name = crs["properties"]?["name"]?.stringValue else {
                throw fail("has a \"crs\" member without properties.name (RFC 7946 GeoJSON has no crs member at all)")
            }
            if wgs84Names.contains(name) {
                warnings.append(
                    DatasetIssue(
                        .warning, file: file,
                        "has a \"crs\" member (\(name)); RFC 7946 GeoJSON has none, and WGS84 is assumed"))
            } else {
                declared = name
                warnings.append(
                    DatasetIssue(
                        .warning, file: file,
                        "declares crs \(name) (not RFC 7946, which is WGS84 only): its coordinates are transformed to WGS84"
                    ))
            }
        }
        guard let features = root["features"]?.arrayValue else {
            throw fail("the FeatureCollection has no \"features\" array")
        }
        return FeatureCollectionFile(
            file: file, root: root, features: features, warnings: warnings, declaredCRS: declared)
    }

    /// Whether a coordinate can be longitude/latitude.
    static func isLonLat(_ c: Coordinate) -> Bool { (-180...180).contains(c.lon) && (-90...90).contains(c.lat) }

    /// The message for a coordinate that is not longitude/latitude.
    static func rangeMessage(_ c: Coordinate) -> String {
        let hint =
            abs(c.lon) > 1000 || abs(c.lat) > 1000
            ? " (these look like projected metres, and the file declares no CRS: say which with crs: in dataset.yaml, or --network-crs for a --network file, such as EPSG:4549)"
            : ""
        return "coordinate \(c.lon), \(c.lat) is out of range for longitude/latitude\(hint)"
    }
}

/// One problem with a file as a whole, as an error to throw.
struct FileIssue: Error {
    let issue: DatasetIssue
    init(_ issue: DatasetIssue) { self.issue = issue }
}
