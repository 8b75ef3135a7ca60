import Foundation
import GeoKit
import JSONKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput

/// A planner's own files: the Dongying dataset written with ogr2ogr as a Shapefile with GBK
/// attributes in CGCS2000 Gauss-Krüger CM 120E (EPSG:4549), a GeoPackage of two layers and a
/// network in GK zone 39 (EPSG:4527), and CSV/XLSX tables; each must load to the same places
/// (against pyproj to a millimetre) and the same check report as the GeoJSON original.
@Suite struct GDALLayerTests {
    /// The check report of a dataset, minus nothing: it must equal the GeoJSON original's.
    static func report(_ d: Dataset) throws -> String {
        let network = try NetworkSource.open(for: d, file: nil)
        return try AccessibilityCheck.run(dataset: d, network: network, scenario: nil, speedRanges: true).report
            .render(.table, details: true)
    }

    @Test func shapefileInGaussKrugerWithGBKAttributes() throws {
        let temp = try TemporaryDirectory()
        let dir = try PlannerFiles.dataset(temp, layers: PlannerFiles.shapefileLayers) {
            try PlannerFiles.shapefiles($0)
        }
        let shp = dir.appendingPathComponent("settlements")
        // The fixture really is GBK in metres: its .cpg says so and its table holds GBK bytes.
        #expect(try String(contentsOf: shp.appendingPathExtension("cpg"), encoding: .utf8).contains("GBK"))
        let gbk = try Python.run(
            "print(open(\(String(reflecting: shp.appendingPathExtension("dbf").path)), 'rb').read().find('广饶县城'.encode('gbk')) > 0)"
        )
        #expect(gbk.trimmingCharacters(in: .whitespacesAndNewlines) == "True")

        let d = try DatasetLoader.load(directory: dir.path)
        let original = try dongying()
        #expect(d.settlement(id: "guangrao-xiancheng")?.nameZh == "广饶县城")
        #expect(d.settlements.map(\.functionType?.id) == original.settlements.map(\.functionType?.id))

        // Every loaded point against pyproj's inverse of the raw Gauss-Krüger coordinates.
        let raw = try TestProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "ogr2ogr", "-f", "CSV", "/vsistdout/", shp.appendingPathExtension("shp").path, "-lco", "GEOMETRY=AS_XY",
                "-select", "id",
            ])
        let out = try Python.run(
            """
            import sys, csv, json
            from pyproj import Transformer
            t = Transformer.from_crs("EPSG:4549", "EPSG:4326", always_xy=True)
            rows = {r["id"]: t.transform(float(r["X"]), float(r["Y"])) for r in csv.DictReader(sys.stdin) if r["X"]}
            print(json.dumps(rows))
            """, input: raw.stdout)
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [Double]])
        #expect(reference.count == 34)
        for (id, lonLat) in reference {
            let located = d.settlement(id: id)?.location ?? d.constituent(id: id)?.location
            let c = try #require(located, "\(id)")
            let metres = hypot((c.lon - lonLat[0]) * 111_320 * cos(c.lat * .pi / 180), (c.lat - lonLat[1]) * 110_570)
            #expect(metres < 0.001, "\(id) is \(metres) m from pyproj")
        }
        #expect(try Self.report(d) == Self.report(original))
    }

    /// The issue's case: towns as a GBK Shapefile in EPSG:4549, county polygons as a
    /// GeoPackage in CGCS2000 geographic (EPSG:4490), roads as a GeoPackage in EPSG:4549.
    /// It loads, checks and exports to the same results as the WGS84 GeoJSON.
    @Test func plannersOwnFilesGiveTheSameResults() throws {
        let temp = try TemporaryDirectory()
        let layers =
            "  settlements:\n    file: towns.shp\n    fields: \(PlannerFiles.shapefileFields)\n"
            + "  counties: {file: counties.gpkg}\n"
        let dir = try PlannerFiles.dataset(temp, layers: layers) { dir in
            func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
            try PlannerFiles.ogr2ogr([
                "-f", "ESRI Shapefile", "-t_srs", "EPSG:4549", "-lco", "ENCODING=GBK", "-mapFieldType",
                "StringList=String", path("towns.shp"), path("settlements.geojson"), "-nln", "towns",
            ])
            try PlannerFiles.ogr2ogr([
                "-f", "GPKG", "-t_srs", "EPSG:4490", path("counties.gpkg"), path("counties.geojson"),
            ])
            try PlannerFiles.ogr2ogr(["-f", "GPKG", "-t_srs", "EPSG:4549", path("roads.gpkg"), path("network.geojson")])
            for f in ["settlements.geojson", "counties.geojson", "network.geojson"] {
                try FileManager.default.removeItem(atPath: path(f))
            }
        }
        let manifest = dir.appendingPathComponent("dataset.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingExisting(
            "    file: network.geojson\n", with: "    file: roads.gpkg\n"
        ).write(to: manifest, atomically: true, encoding: .utf8)
        let d = try DatasetLoader.load(directory: dir.path)
        let original = try dongying()
        #expect(try Self.report(d) == Self.report(original))
        let export = GeoJSONExport(decimals: 6)
        func numbers(_ v: JSONValue) -> [Double] {
            switch v {
            case .number(let n): return [n]
            case .array(let a): return a.flatMap(numbers)
            case .object(let o): return o.flatMap { numbers($0.1) }
            default: return []
            }
        }
        // The same features, ids and levels in the same order, at the same places.
        let mine = GeoJSONExport.Layer.allCases.flatMap { export.features($0, of: d) }
        let theirs = GeoJSONExport.Layer.allCases.flatMap { export.features($0, of: original) }
        #expect(mine.map(\.id) == theirs.map(\.id))
        for (a, b) in zip(mine, theirs) {
            #expect(a.properties.first { $0.0 == "level" }?.1 == b.properties.first { $0.0 == "level" }?.1)
            let p = numbers(a.geometry?.geoJSON() ?? .null)
            let q = numbers(b.geometry?.geoJSON() ?? .null)
            #expect(p.count == q.count && zip(p, q).allSatisfy { abs($0 - $1) <= 1e-7 }, "\(a.id)")
        }
    }

    /// A File Geodatabase (a folder, read by GDAL's OpenFileGDB driver) in EPSG:4549, and an
    /// OpenStreetMap file named as a dataset's network.
    @Test func fileGeodatabaseAndAnOSMNetworkInTheManifest() throws {
        let temp = try TemporaryDirectory()
        let layers = "  settlements: {file: plan.gdb, layer: towns}\n  counties: counties.geojson\n"
        let dir = try PlannerFiles.dataset(temp, layers: layers) { dir in
            try PlannerFiles.ogr2ogr([
                "-f", "OpenFileGDB", "-t_srs", "EPSG:4549", dir.appendingPathComponent("plan.gdb").path,
                dir.appendingPathComponent("settlements.geojson").path, "-nln", "towns",
            ])
        }
        let d = try DatasetLoader.load(directory: dir.path)
        #expect(try Self.report(d) == Self.report(try dongying()))

        // A manifest naming an OpenStreetMap file reads it as such, and a missing one is named.
        let manifest = dir.appendingPathComponent("dataset.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingExisting(
            "    file: osm-major-roads.geojson\n", with: "    file: helsinki.osm.pbf\n"
        ).write(to: manifest, atomically: true, encoding: .utf8)
        let missing = BrokenDataset.errors(loading: dir)
        #expect(
            missing.contains { $0.message.contains("networks[1].file helsinki.osm.pbf does not exist") }, "\(missing)")
        try FileManager.default.copyItem(
            atPath: TestPaths.osm("helsinki.osm.pbf"), toPath: dir.appendingPathComponent("helsinki.osm.pbf").path)
        let withOSM = try DatasetLoader.load(directory: dir.path)
        let osm = try NetworkSource.open(for: withOSM, file: "osm-major-roads")
        #expect(osm.name == "osm-major-roads", "\(osm.name)")
        #expect(osm.links.count > 500, "\(osm.links.count)")
        #expect(osm.credit?.contains("OpenStreetMap") == true)
    }

    @Test func shapefileWithoutItsCpgReadsWithTheManifestsEncoding() throws {
        let temp = try TemporaryDirectory()
        let dir = try PlannerFiles.dataset(temp, layers: PlannerFiles.shapefileLayers) { dir in
            try PlannerFiles.shapefiles(dir)
            try FileManager.default.removeItem(at: dir.appendingPathComponent("settlements.cpg"))
        }
        let garbled = try DatasetLoader.load(directory: dir.path)
        #expect(garbled.settlement(id: "guangrao-xiancheng")?.nameZh != "广饶县城")
        let path = dir.appendingPathComponent("dataset.yaml")
        try String(contentsOf: path, encoding: .utf8).replacingExisting(
            "    file: settlements.shp\n", with: "    file: settlements.shp\n    encoding: GBK\n"
        ).write(to: path, atomically: true, encoding: .utf8)
        #expect(try DatasetLoader.load(directory: dir.path).settlement(id: "guangrao-xiancheng")?.nameZh == "广饶县城")
    }

    @Test func geoPackageWithTwoLayersAndTheNetwork() throws {
        let temp = try TemporaryDirectory()
        let layers =
            "  settlements: {file: dongying.gpkg, layer: settlements}\n  counties: {file: dongying.gpkg, layer: counties}\n"
        let dir = try PlannerFiles.dataset(temp, layers: layers) { dir in
            let gpkg = dir.appendingPathComponent("dongying.gpkg").path
            for (i, (layer, source)) in [
                ("settlements", "settlements"), ("counties", "counties"), ("roads", "network"),
            ].enumerated() {
                try PlannerFiles.ogr2ogr(
                    ["-f", "GPKG"] + (i > 0 ? ["-update"] : []) + [
                        "-t_srs", "EPSG:4527", gpkg, dir.appendingPathComponent("\(source).geojson").path, "-nln",
                        layer,
                    ])
            }
            try FileManager.default.removeItem(at: dir.appendingPathComponent("network.geojson"))
        }
        let path = dir.appendingPathComponent("dataset.yaml")
        try String(contentsOf: path, encoding: .utf8).replacingExisting(
            "    file: network.geojson\n", with: "    file: dongying.gpkg\n    layer: roads\n"
        ).write(to: path, atomically: true, encoding: .utf8)
        let d = try DatasetLoader.load(directory: dir.path)
        #expect(try Self.report(d) == Self.report(try dongying()))

        try String(contentsOf: path, encoding: .utf8).replacingExisting(
            "layer: counties}", with: "layer: county}"
        ).write(to: path, atomically: true, encoding: .utf8)
        #expect(
            BrokenDataset.errors(loading: dir).contains {
                $0.file == "dongying.gpkg (layer county)"
                    && $0.message.contains("has no layer \"county\" (its layers: settlements, counties, roads)")
            })
    }

    @Test func tablesWithCoordinateColumns() throws {
        let temp = try TemporaryDirectory()
        // CSV with X/Y in metres (EPSG:4549, said in the manifest); XLSX with lon/lat.
        let layers =
            "  settlements: {file: settlements.csv, crs: \"EPSG:4549\"}\n  counties: counties.geojson\n"
        let dir = try PlannerFiles.dataset(temp, layers: layers) { dir in
            try PlannerFiles.ogr2ogr([
                "-f", "CSV", "-t_srs", "EPSG:4549", "-lco", "GEOMETRY=AS_XY",
                dir.appendingPathComponent("settlements.csv").path,
                dir.appendingPathComponent("settlements.geojson").path,
            ])
        }
        let d = try DatasetLoader.load(directory: dir.path)
        let original = try dongying()
        for s in original.settlements {
            let here = try #require(d.settlement(id: s.id))
            #expect(here.nameZh == s.nameZh)
            if let a = s.location, let b = here.location {
                #expect(abs(a.lon - b.lon) < 1e-7 && abs(a.lat - b.lat) < 1e-7, "\(s.id)")
            } else {
                #expect(s.location == nil && here.location == nil, "\(s.id): only unlocated rows have no X/Y")
            }
        }
        // An XLSX sheet with lon/lat columns in degrees needs no CRS.
        let xlsx = dir.appendingPathComponent("towns.xlsx").path
        try PlannerFiles.ogr2ogr([
            "-f", "XLSX", xlsx, dir.appendingPathComponent("settlements.csv").path, "-nln", "towns",
        ])
        let table = try FeatureCollectionFile.read(
            path: xlsx, file: "towns.xlsx", options: LayerReadOptions(crs: "EPSG:4549", xField: "X", yField: "Y"))
        #expect(table.features.count == 35)
        let first = try #require(table.features.first { $0["properties"]?["id"]?.stringValue == "guangrao-xiancheng" })
        let coordinates = first["geometry"]?["coordinates"]?.arrayValue?.compactMap { $0.numberValue }
        let c = try #require(coordinates)
        let g = try #require(original.settlement(id: "guangrao-xiancheng")?.location)
        #expect(abs(c[0] - g.lon) < 1e-7 && abs(c[1] - g.lat) < 1e-7)
    }

    @Test func coordinatesWithoutACRSAndUnknownCRSsAreNamed() throws {
        let temp = try TemporaryDirectory()
        // GeoJSON in metres with a crs member: transformed, with a warning.
        let dir = try PlannerFiles.dataset(temp, layers: PlannerFiles.geoJSONLayers) { dir in
            let out = dir.appendingPathComponent("gk.geojson").path
            try PlannerFiles.ogr2ogr([
                "-f", "GeoJSON", "-t_srs", "EPSG:4549", out, dir.appendingPathComponent("settlements.geojson").path,
            ])
            try FileManager.default.removeItem(at: dir.appendingPathComponent("settlements.geojson"))
            try FileManager.default.moveItem(
                atPath: out, toPath: dir.appendingPathComponent("settlements.geojson").path)
        }
        let d = try DatasetLoader.load(directory: dir.path)
        #expect(d.warnings.contains { $0.message.contains("declares crs") && $0.message.contains("4549") })
        let g = try #require(d.settlement(id: "guangrao-xiancheng")?.location)
        let o = try #require(try dongying().settlement(id: "guangrao-xiancheng")?.location)
        #expect(abs(g.lon - o.lon) < 1e-7 && abs(g.lat - o.lat) < 1e-7)

        // The same metres without the crs member: an error that says what to do.
        let file = dir.appendingPathComponent("settlements.geojson")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        root["crs"] = nil
        try JSONSerialization.data(withJSONObject: root).write(to: file)
        #expect(
            BrokenDataset.errors(loading: dir).contains {
                $0.message.contains("projected metres") && $0.message.contains("crs:")
            })

        // The dataset's crs says which: the layer loads again.
        let manifest = dir.appendingPathComponent("dataset.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingExisting(
            "\ncrs: OGC:CRS84", with: "\ncrs: EPSG:4549"
        )
        .write(to: manifest, atomically: true, encoding: .utf8)
        #expect(
            BrokenDataset.errors(loading: dir).contains { $0.file == "counties.geojson" },
            "the counties are in degrees, not EPSG:4549")
        try String(contentsOf: manifest, encoding: .utf8).replacingExisting(
            "\ncrs: EPSG:4549", with: "\ncrs: EPSG:999999"
        )
        .write(to: manifest, atomically: true, encoding: .utf8)
        #expect(
            BrokenDataset.errors(loading: dir).contains {
                $0.message.contains("crs \"EPSG:999999\" is not a CRS PROJ knows")
            })
    }
}
