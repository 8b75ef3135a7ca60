import Foundation
import GDALKit
import GeoKit
import JSONKit

/// Files for a GIS or a spreadsheet, written with GDAL: a GeoPackage with one layer per kind,
/// a Shapefile per layer (UTF-8 .cpg and a .prj), or a CSV per layer (UTF-8 with a byte-order
/// mark, so that Excel shows the Chinese; points as X/Y columns, other shapes as WKT), in
/// WGS84 or the planner's CRS.
public enum GISFormat: String, CaseIterable, Sendable {
    case gpkg, shp, csv

    var driver: String {
        switch self {
        case .gpkg: return "GPKG"
        case .shp: return "ESRI Shapefile"
        case .csv: return "CSV"
        }
    }

    /// Whether the format writes one file set per layer into a folder.
    public var writesFolder: Bool { self != .gpkg }

    func layerOptions(pointsOnly: Bool) -> [String] {
        switch self {
        case .gpkg: return []
        case .shp: return ["ENCODING=UTF-8"]
        case .csv: return ["WRITE_BOM=YES", pointsOnly ? "GEOMETRY=AS_XY" : "GEOMETRY=AS_WKT"]
        }
    }
}

public struct GISExport: Sendable {
    public let format: GISFormat
    /// The CRS to write in (nil: WGS84 longitude/latitude, EPSG:4326 in x = longitude order).
    public let crs: String?
    /// Decimal places kept: of degrees when geographic, else of the CRS's unit.
    public let decimals: Int

    public init(format: GISFormat, crs: String?, decimals: Int = 6) {
        self.format = format
        self.crs = crs
        self.decimals = decimals
    }

    /// The files to write for `layers`: for a GeoPackage, one file at `path`; for a Shapefile
    /// or CSV, the files of each layer in the folder `path`. Nothing is written here.
    public func files(
        _ layers: [(name: String, features: [GeoJSONFeature])], path: String
    ) throws -> [(
        path: String, data: Data
    )] {
        let target = crs ?? "EPSG:4326"
        let info = try CoordinateReferenceSystem(target)
        let places = info.isGeographic ? decimals : min(decimals, 3)
        let transformer = try crs.map { try CRSTransformer(from: MetricProjection.wgs84, to: $0) }
        var outputs: [VectorLayerOutput] = []
        for layer in layers {
            var rows: [(properties: [(String, JSONValue)], geometry: JSONValue?)] = []
            for f in layer.features {
                var g = f.geometry
                if let transformer, let geometry = g { g = try transformer.transform(geometry) }
                let geometry = g.map { $0.rounded(toDecimals: places).rightHandOriented().geoJSON(decimals: places) }
                let props =
                    f.properties.contains { $0.0 == "id" } ? f.properties : [("id", .string(f.id))] + f.properties
                rows.append((props, geometry))
            }
            outputs.append(VectorLayerOutput(name: layer.name, crs: target, features: rows))
        }
        var out: [(String, Data)] = []
        for layer in outputs {
            let points = layer.features.allSatisfy {
                $0.geometry == nil || $0.geometry?["type"]?.stringValue == "Point"
            }
            if format == .gpkg { break }
            let made = try VectorWriter.files(
                [layer], name: layer.name, driver: format.driver, layerOptions: format.layerOptions(pointsOnly: points))
            out += made.map { ((path as NSString).appendingPathComponent($0.name), $0.data) }
        }
        if format == .gpkg {
            let made = try VectorWriter.files(
                outputs, name: (path as NSString).lastPathComponent, driver: format.driver)
            out = made.map { (path, $0.data) }
        }
        return out
    }
}
