import Foundation
import TestSupport

/// The Dongying dataset rewritten in a planner's own formats with ogr2ogr at test time
/// (Shapefiles with GBK attributes in CGCS2000 Gauss-Krüger, GeoPackages), for the GDAL layer
/// tests and the database round trip.
public enum PlannerFiles {
    /// Runs ogr2ogr; a failure throws with its message.
    public static func ogr2ogr(_ arguments: [String]) throws {
        let r = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["ogr2ogr"] + arguments)
        if r.status != 0 { throw ToolFailure(description: "ogr2ogr \(arguments.joined(separator: " ")): \(r.stderr)") }
    }

    public static let geoJSONLayers = "  settlements: settlements.geojson\n  counties: counties.geojson\n"
    /// The Shapefile cuts column names to 10 characters; the manifest maps them back.
    public static let shapefileFields =
        "{name_pinyin: name_pinyi, function_type: function_t, population_band: population, stats_code_2023: stats_code, coord_source: coord_sour, coord_quality: coord_qual, plan_sentence: plan_sente}"

    /// A copy of the Dongying dataset with its layers in other files; `manifest` rewrites the
    /// layers section.
    public static func dataset(
        _ temp: TemporaryDirectory, layers: String, make: (URL) throws -> Void
    ) throws -> URL {
        let dir = try temp.copyDataset(from: TestPaths.dongying)
        try make(dir)
        let path = dir.appendingPathComponent("dataset.yaml")
        try String(contentsOf: path, encoding: .utf8).replacingExisting(geoJSONLayers, with: layers)
            .write(to: path, atomically: true, encoding: .utf8)
        return dir
    }

    public static func shapefiles(_ dir: URL, crs: String = "EPSG:4549") throws {
        for layer in ["settlements", "counties"] {
            try ogr2ogr([
                "-f", "ESRI Shapefile", "-t_srs", crs, "-lco", "ENCODING=GBK", "-mapFieldType", "StringList=String",
                dir.appendingPathComponent("\(layer).shp").path, dir.appendingPathComponent("\(layer).geojson").path,
            ])
        }
    }

    public static var shapefileLayers: String {
        "  settlements:\n    file: settlements.shp\n    fields: \(shapefileFields)\n"
            + "  counties:\n    file: counties.shp\n    fields: {name_pinyin: name_pinyi}\n"
    }
}

/// A command-line tool the fixtures run failed.
public struct ToolFailure: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
