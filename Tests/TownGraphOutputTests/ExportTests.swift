import Foundation
import GeoKit
import JSONKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphModel
@testable import TownGraphOutput

@Suite struct ExportTests {
    @Test func rfc7946Rules() throws {
        let d = try dongying()
        let doc = GeoJSONExport().collection(GeoJSONExport.Layer.allCases, of: d)
        #expect(doc["crs"] == nil)
        let features = try #require(doc["features"]?.arrayValue)
        #expect(features.count == 28 + 7 + 5)
        #expect(
            features.compactMap { $0["id"]?.stringValue } == d.settlements.map(\.id) + d.constituents.map(\.id)
                + d.counties.map(\.id))
        for f in features where f["properties"]?["layer"]?.stringValue == "county" {
            let g = try Geometry(geoJSON: try #require(f["geometry"]))
            let polygons: [[[Coordinate]]]
            switch g {
            case .polygon(let p): polygons = [p]
            case .multiPolygon(let ps): polygons = ps
            default:
                Issue.record("county is \(g.typeName)")
                continue
            }
            for p in polygons {
                #expect(Geometry.isCounterClockwise(p[0]), "exterior ring of \(f["id"]!) must be counter-clockwise")
                for hole in p.dropFirst() { #expect(!Geometry.isCounterClockwise(hole)) }
            }
            for c in g.allCoordinates {
                #expect((-180...180).contains(c.lon) && (-90...90).contains(c.lat))
            }
        }
        let diaokou = try #require(features.first { $0["id"]?.stringValue == "diaokou" })
        #expect(diaokou["geometry"] == .null)
        #expect(diaokou["properties"]?["located"] == .bool(false))
    }

    @Test func precisionAndDeterminism() throws {
        let d = try dongying()
        let a = GeoJSONExport(decimals: 3).collection([.settlements], of: d).serialized()
        let b = GeoJSONExport(decimals: 3).collection([.settlements], of: d).serialized()
        #expect(a == b)
        #expect(a.contains("[118.669,37.433]"))
        // No number in the coordinates carries more than 3 decimals.
        let regex = try Regex(#"\d+\.\d{4,}"#)
        #expect(a.firstMatch(of: regex) == nil)
    }

    @Test func clockwiseInputIsReversed() throws {
        let cw: Geometry = .polygon([
            [.init(x: 0, y: 0), .init(x: 0, y: 1), .init(x: 1, y: 1), .init(x: 1, y: 0), .init(x: 0, y: 0)]
        ])
        let county = County(
            id: "c", nameZh: "测试", namePinyin: "", kind: "county", adcode: nil, source: nil, boundary: cw,
            featureIndex: 0)
        let out = GeoJSONWriter().json(GeoJSONExport().feature(county))
        let g = try Geometry(geoJSON: try #require(out["geometry"]))
        guard case .polygon(let rings) = g else {
            Issue.record("not a polygon")
            return
        }
        #expect(Geometry.isCounterClockwise(rings[0]))
    }

    @Test func shapelyReadsTheExportAndFindsItValid() throws {
        let d = try dongying()
        let text = GeoJSONExport().collection(GeoJSONExport.Layer.allCases, of: d).serialized()
        let out = try Python.run(
            """
            import json, sys
            import shapely
            from shapely.geometry import shape
            fc = json.load(sys.stdin)
            geoms = [shape(f["geometry"]) for f in fc["features"] if f["geometry"]]
            ccw = all(shapely.is_ccw(p.exterior) for g in geoms if g.geom_type in ("Polygon", "MultiPolygon")
                      for p in (g.geoms if g.geom_type == "MultiPolygon" else [g]))
            print(len(geoms), all(g.is_valid for g in geoms), ccw)
            """, input: text)
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "39 True True")
    }

    @Test func outputFileIsAtomic() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("out.geojson")
        try OutputFile.write("first", to: path)
        try OutputFile.write("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.url.path) == ["out.geojson"])
        #expect(throws: OutputError.self) { try OutputFile.write("x", to: temp.path("missing/folder/out.geojson")) }
    }

    @Test func listingFormats() throws {
        let d = try dongying()
        let towns = try Selection([.functionType(["eco-tourism"])]).apply(to: d)
        let csv = SettlementListing.render(towns, of: d, format: .csv)
        #expect(csv.split(separator: "\n").count == 4)
        #expect(csv.hasPrefix("id,name_zh,name_pinyin,level"))
        let json = try JSONValue.parse(SettlementListing.render(towns, of: d, format: .json))
        #expect(json.arrayValue?.compactMap { $0["id"]?.stringValue } == ["huanghekou", "longju", "beisong"])
        #expect(json.arrayValue?.first?["lon"] == .number(118.834582))
        let table = SettlementListing.render(towns, of: d, format: .table)
        #expect(table.contains("黄河口镇") && table.hasSuffix("3 settlements\n"))
    }
}
