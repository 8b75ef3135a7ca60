import Foundation
import TestSupport
import Testing

/// `export --format gpkg|shp|csv [--crs]`: every output opened with GDAL's own tools and its
/// coordinates checked with pyproj against the dataset's.
@Suite struct GISExportTests {
    static func env(_ tool: String, _ args: [String]) throws -> ProcessResult {
        try TestProcess.run(URL(fileURLWithPath: "/usr/bin/env"), [tool] + args)
    }

    /// Each settlement's WGS84 point from the bundled GeoJSON, by id.
    static func originalPoints() throws -> [String: [Double]] {
        let data = try Data(contentsOf: TestPaths.dongying.appendingPathComponent("settlements.geojson"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var out: [String: [Double]] = [:]
        for f in root["features"] as! [[String: Any]] {
            let p = f["properties"] as! [String: Any]
            guard (p["role"] as? String) == "planning-unit", let g = f["geometry"] as? [String: Any] else { continue }
            out[p["id"] as! String] = g["coordinates"] as? [Double]
        }
        return out
    }

    /// The layer's points as written (X/Y in `crs`), turned back into WGS84 by pyproj.
    static func pointsBack(_ source: String, layer: String, crs: String) throws -> [String: [Double]] {
        let csv = try env("ogr2ogr", ["-f", "CSV", "/vsistdout/", source, layer, "-lco", "GEOMETRY=AS_XY"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let out = try Python.run(
            """
            import sys, csv, json
            from pyproj import Transformer
            t = Transformer.from_crs(\(String(reflecting: crs)), "EPSG:4326", always_xy=True)
            rows = {r["id"]: t.transform(float(r["X"]), float(r["Y"])) for r in csv.DictReader(sys.stdin) if r["X"]}
            print(json.dumps(rows))
            """, input: csv.stdout)
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [Double]])
    }

    static func expectSame(_ back: [String: [Double]], _ original: [String: [Double]], tolerance metres: Double) {
        #expect(back.count == original.count)
        for (id, p) in original {
            guard let q = back[id] else {
                Issue.record("\(id) missing")
                continue
            }
            let d = hypot((p[0] - q[0]) * 111_320 * cos(p[1] * .pi / 180), (p[1] - q[1]) * 110_570)
            #expect(d < metres, "\(id): \(d) m")
        }
    }

    @Test func geoPackageAndShapefilesInGaussKruger() throws {
        let temp = try TemporaryDirectory()
        let gpkg = temp.path("dongying.gpkg")
        let r = try TestProcess.towngraph(["export", "--format", "gpkg", "--crs", "EPSG:4549", "-o", gpkg])
        #expect(r.status == 0, "\(r.stderr)")
        let info = try Self.env("ogrinfo", ["-so", gpkg])
        #expect(info.stdout.contains("1: settlements (Point)") && info.stdout.contains("3: counties (Multi Polygon)"))
        let counts = try Self.env("ogrinfo", ["-so", gpkg, "counties"])
        #expect(counts.stdout.contains("Feature Count: 5") && counts.stdout.contains("ID[\"EPSG\",4549]"))
        let original = try Self.originalPoints()
        // Written to a millimetre (3 decimals of metres), read back by pyproj.
        Self.expectSame(try Self.pointsBack(gpkg, layer: "settlements", crs: "EPSG:4549"), original, tolerance: 0.002)

        let folder = temp.path("shp")
        let s = try TestProcess.towngraph(["export", "--format", "shp", "--crs", "EPSG:4549", "-o", folder])
        #expect(s.status == 0, "\(s.stderr)")
        for layer in ["settlements", "constituents", "counties"] {
            for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
                #expect(FileManager.default.fileExists(atPath: "\(folder)/\(layer).\(ext)"), "\(layer).\(ext)")
            }
        }
        #expect(try String(contentsOfFile: "\(folder)/settlements.cpg", encoding: .utf8).contains("UTF-8"))
        let names = try Self.env(
            "ogrinfo", ["\(folder)/settlements.shp", "settlements", "-where", "id='guangrao-xiancheng'"])
        #expect(names.stdout.contains("广饶县城"))
        Self.expectSame(
            try Self.pointsBack("\(folder)/settlements.shp", layer: "settlements", crs: "EPSG:4549"), original,
            tolerance: 0.002)
    }

    /// Isochrones and failing routes join the GeoPackage when asked: as many routes as pairs
    /// fail or cannot be reached, and the isochrone's area (measured by GDAL in the written
    /// CRS) equal to what `isochrones` reports.
    @Test func isochronesAndFailingRoutesAsLayers() throws {
        let temp = try TemporaryDirectory()
        let gpkg = temp.path("plan.gpkg")
        let r = try TestProcess.towngraph([
            "export", "--format", "gpkg", "--crs", "EPSG:4549", "-o", gpkg, "--isochrones-from", "主城区", "--minutes",
            "45", "--check-routes",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try TestProcess.towngraph(["check", "--details", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let failing = (doc["targets"] as! [[String: Any]]).map { ($0["failed"] as! Int) + ($0["unreachable"] as! Int) }
            .reduce(0, +)
        let routes = try Self.env("ogrinfo", ["-so", gpkg, "failing_routes"])
        #expect(routes.stdout.contains("Feature Count: \(failing)") && failing > 0, "\(routes.stdout)")
        let area = try Self.env("ogrinfo", ["-sql", "SELECT ST_Area(geom) / 1e6 AS km2 FROM isochrones", gpkg])
        let km2 = try #require(
            area.stdout.split(separator: "\n").first { $0.contains("km2 (Real) =") }.flatMap {
                Double($0.split(separator: "=").last!.trimmingCharacters(in: .whitespaces))
            })
        let iso = try TestProcess.towngraph([
            "isochrones", "--from", "主城区", "--minutes", "45", "-o", temp.path("iso.geojson"),
        ])
        #expect(iso.status == 0, "\(iso.stderr)")
        let fc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: temp.path("iso.geojson"))))
                as? [String: Any])
        let reported = ((fc["features"] as! [[String: Any]])[0]["properties"] as! [String: Any])["area_km2"] as! Double
        #expect(abs(km2 - reported) / reported < 0.001, "\(km2) km² in the GeoPackage, \(reported) reported")
    }

    /// A network GeoPackage of two layers in EPSG:4549 given on the command line, and a
    /// GeoJSON in metres without a crs member read with --network-crs: the same report.
    @Test func networkFilesByLayerAndCRS() throws {
        let temp = try TemporaryDirectory()
        let network = TestPaths.dongying.appendingPathComponent("network.geojson").path
        let gpkg = temp.path("roads.gpkg")
        #expect(
            try Self.env("ogr2ogr", ["-f", "GPKG", "-t_srs", "EPSG:4549", gpkg, network, "-nln", "roads"]).status == 0)
        #expect(
            try Self.env(
                "ogr2ogr",
                [
                    "-f", "GPKG", "-update", gpkg, TestPaths.dongying.appendingPathComponent("counties.geojson").path,
                    "-nln", "zones",
                ]
            ).status == 0)
        let original = try TestProcess.towngraph(["check", "--format", "json"])
        func targets(_ r: ProcessResult) throws -> [String] {
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return (doc["targets"] as! [[String: Any]]).map { t in
                let worst = (t["worst"] as? [String: Any])?["minutes"] as? Double ?? -1
                return "\(t["id"]!) \(t["passed"]!)/\(t["pairs"]!) \(String(format: "%.3f", worst))"
            }
        }
        let byLayer = try TestProcess.towngraph([
            "check", "--network", gpkg, "--network-layer", "roads", "--format", "json",
        ])
        #expect(byLayer.status == 0, "\(byLayer.stderr)")
        #expect(try targets(byLayer) == targets(original))
        let wrong = try TestProcess.towngraph(["check", "--network", gpkg, "--network-layer", "road"])
        #expect(wrong.status == 1 && wrong.stderr.contains("has no layer \"road\" (its layers: roads, zones)"))
        // Metres without a crs member: an error, until --network-crs says which.
        let metres = temp.path("roads.geojson")
        #expect(
            try Self.env("ogr2ogr", ["-f", "GeoJSON", "-t_srs", "EPSG:4549", "-lco", "WRITE_NAME=NO", metres, network])
                .status == 0)
        var root = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metres))) as? [String: Any])
        root["crs"] = nil
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: metres))
        let bare = try TestProcess.towngraph(["check", "--network", metres])
        #expect(bare.status == 1 && bare.stderr.contains("projected metres"), "\(bare.stderr)")
        let said = try TestProcess.towngraph([
            "check", "--network", metres, "--network-crs", "EPSG:4549", "--format", "json",
        ])
        #expect(said.status == 0, "\(said.stderr)")
        #expect(try targets(said) == targets(original))
    }

    @Test func csvForExcelWithAByteOrderMark() throws {
        let temp = try TemporaryDirectory()
        let folder = temp.path("tables")
        let r = try TestProcess.towngraph(["export", "--format", "csv", "-o", folder])
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/settlements.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("X,Y,id,"))
        #expect(text.contains("广饶县城"))
        let counties = try String(contentsOfFile: "\(folder)/counties.csv", encoding: .utf8)
        #expect(counties.contains("MULTIPOLYGON ((("))
        Self.expectSame(
            try Self.pointsBack("\(folder)/settlements.csv", layer: "settlements", crs: "EPSG:4326"),
            try Self.originalPoints(), tolerance: 0.02)
    }

    @Test func geoJSONStaysWGS84AndBadRequestsAreNamed() throws {
        let temp = try TemporaryDirectory()
        let g = try TestProcess.towngraph(["export", "--crs", "EPSG:4549", "-o", temp.path("x.geojson")])
        #expect(g.status == 64 && g.stderr.contains("GeoJSON is WGS84 longitude/latitude (RFC 7946)"))
        let noOut = try TestProcess.towngraph(["export", "--format", "gpkg"])
        #expect(noOut.status == 64 && noOut.stderr.contains("-o FILE.gpkg"))
        let badCRS = try TestProcess.towngraph(
            ["export", "--format", "gpkg", "--crs", "EPSG:0", "-o", temp.path("x.gpkg")])
        #expect(badCRS.status == 1 && !FileManager.default.fileExists(atPath: temp.path("x.gpkg")))
    }
}

/// Per-pair results as long tables for spreadsheets.
@Suite struct LongTableTests {
    static func rows(_ text: String) -> [[String: String]] {
        #expect(text.hasPrefix("\u{FEFF}"), "a byte-order mark for Excel")
        let lines = text.dropFirst().split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test func checkCSVHasEveryPairWithTheJSONReportsFigures() throws {
        let csv = try TestProcess.towngraph(["check", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = Self.rows(csv.stdout)
        let json = try TestProcess.towngraph(["check", "--details", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        var pairs = 0
        for t in doc["targets"] as! [[String: Any]] {
            for p in t["details"] as! [[String: Any]] {
                pairs += 1
                let row = try #require(
                    rows.first {
                        $0["target"] == t["id"] as? String && $0["origin_id"] == p["origin"] as? String
                            && $0["destination_id"] == (p["destination"] as? String ?? "")
                    })
                #expect(row["outcome"] == p["outcome"] as? String)
                if let m = p["minutes"] as? Double { #expect(abs(Double(row["minutes"]!)! - m) < 0.0006) }
                if let km = p["km"] as? Double { #expect(abs(Double(row["route_km"]!)! - km) < 0.006) }
            }
        }
        #expect(rows.count == pairs && pairs == 34)
        // 主城区 → 河口城区: straight line 52.0 km, route 77.0 km, so a detour of 1.48.
        let far = try #require(
            rows.first { $0["origin_id"] == "zhuchengqu" && $0["destination_id"] == "hekou-chengqu" })
        #expect(far["detour"] == String(format: "%.3f", Double(far["route_km"]!)! / Double(far["straight_km"]!)!))
    }

    @Test func matrixLongAgreesWithTheMatrix() throws {
        let wide = try TestProcess.towngraph(["matrix", "--from", "level=county-centre", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(wide.stdout.utf8)) as? [String: Any])
        let long = try TestProcess.towngraph(["matrix", "--from", "level=county-centre", "--long"])
        #expect(long.status == 0, "\(long.stderr)")
        let rows = Self.rows(long.stdout)
        let ids = doc["origins"] as! [String]
        let minutes = doc["minutes"] as! [[Any]]
        #expect(rows.count == ids.count * ids.count)
        for (i, a) in ids.enumerated() {
            for (j, b) in ids.enumerated() {
                let row = try #require(rows.first { $0["origin_id"] == a && $0["destination_id"] == b })
                if let m = minutes[i][j] as? Double { #expect(abs(Double(row["minutes"]!)! - m) < 0.0006) }
            }
        }
        let bad = try TestProcess.towngraph(["matrix", "--from", "all", "--long", "--format", "json"])
        #expect(bad.status == 64 && bad.stderr.contains("--long writes csv"))
    }
}

/// `towngraph init`: a dataset started from a planner's table loads with `info`.
@Suite struct InitTests {
    @Test func aTableOfTownsBecomesADataset() throws {
        let temp = try TemporaryDirectory()
        let csv = temp.path("乡镇.csv")
        try """
        编号,名称,等级,职能,经度,纬度
        1,甲城,中心城市,综合型,118.50,37.40
        2,乙镇,重点镇,工业型,118.60,37.45
        3,丙镇,重点镇,农业型,118.70,37.50
        4,丁镇,一般镇,农业型,118.55,37.30
        5,戊乡,一般镇,农业型,,
        """.write(toFile: csv, atomically: true, encoding: .utf8)
        let dir = temp.path("新区")
        let r = try TestProcess.towngraph([
            "init", dir, "--settlements", csv, "--level-field", "等级", "--type-field", "职能", "--name-field", "名称",
            "--id-field", "编号",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains("5 towns (4 located); levels: 中心城市 1, 重点镇 2, 一般镇 2; function types: 综合型 1, 工业型 1, 农业型 3"))
        let manifest = try String(contentsOfFile: dir + "/dataset.yaml", encoding: .utf8)
        #expect(manifest.contains("file: \"../乡镇.csv\""))
        #expect(manifest.components(separatedBy: "TODO").count - 1 >= 10)
        let info = try TestProcess.towngraph(["info", "--data", dir, "--format", "json"])
        #expect(info.status == 0, "\(info.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        #expect(doc["settlements"] as? Int == 5 && doc["located"] as? Int == 4)
        let levels = (doc["levels"] as! [[String: Any]]).map { "\($0["id"]!)=\($0["found"]!)" }
        #expect(levels == ["中心城市=1", "重点镇=2", "一般镇=2"])
        let towns = try TestProcess.towngraph(["towns", "--data", dir, "--level", "重点镇", "--format", "csv"])
        #expect(towns.stdout.contains("乙镇") && towns.stdout.contains("丙镇") && !towns.stdout.contains("丁镇"))

        let again = try TestProcess.towngraph(["init", dir, "--settlements", csv, "--level-field", "等级"])
        #expect(again.status == 1 && again.stderr.contains("exists; pass --force"))
        let wrong = try TestProcess.towngraph(
            ["init", temp.path("other"), "--settlements", csv, "--level-field", "level", "--name-field", "名称"])
        #expect(wrong.status == 1 && wrong.stderr.contains("has no column \"level\" for the level"))
        #expect(!FileManager.default.fileExists(atPath: temp.path("other")))
    }
}
