import Foundation
import TestSupport
import Testing

/// End-to-end: isochrones, catchments, coverage, measures, layout and render.
@Suite struct AnalysisCLITests {
    @Test func isochronesFileIsRFC7946() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("iso.geojson")
        let r = try TestProcess.towngraph([
            "isochrones", "--from", "sub-class=county-seat", "--minutes", "30,45", "-o", path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try Python.run(
            """
            import json, sys
            import shapely
            from shapely.geometry import shape
            fc = json.load(open(sys.stdin.readline().strip()))
            assert "crs" not in fc
            fs = fc["features"]
            ok = all(shape(f["geometry"]).is_valid for f in fs)
            ccw = all(shapely.is_ccw(p.exterior) for f in fs for p in getattr(shape(f["geometry"]), "geoms", [shape(f["geometry"])]))
            print(len(fs), ok, ccw, sorted({f["properties"]["origin"] for f in fs}), sorted({f["properties"]["minutes"] for f in fs}))
            """, input: path + "\n")
        #expect(
            out.trimmingCharacters(in: .whitespacesAndNewlines)
                == "6 True True ['guangrao-xiancheng', 'hekou-chengqu', 'lijin-xiancheng'] [30, 45]")
        let bad = try TestProcess.towngraph(["isochrones", "--from", "刁口乡", "-o", temp.path("x.geojson")])
        #expect(bad.status != 0 && bad.stderr.contains("not located"))
        #expect(!FileManager.default.fileExists(atPath: temp.path("x.geojson")))
    }

    @Test func catchmentsCoverageMeasuresLayout() throws {
        let c = try TestProcess.towngraph([
            "catchments", "--members", "sub-class=county-seat", "--members", "zhuchengqu", "--format", "json",
        ])
        #expect(c.status == 0, "\(c.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 35)
        #expect(items.first { $0["id"] as? String == "dawang" }?["member"] as? String == "guangrao-xiancheng")
        let cov = try TestProcess.towngraph(["coverage", "--from", "interchanges", "--minutes", "30"])
        #expect(cov.status == 0 && cov.stdout.contains("total") && cov.stdout.contains("利津县"))
        let m = try TestProcess.towngraph(["measures"])
        #expect(m.status == 0 && m.stdout.contains("Rank-size exponent b = ") && m.stdout.contains("Clark–Evans R = "))
        let l = try TestProcess.towngraph(["layout"])
        #expect(
            l.status == 0 && l.stdout.contains("南翼 (south-wing, area)") && l.stdout.contains("inside (3): 广饶县城、大王镇、稻庄镇")
        )
    }

    @Test func renderWritesSVGAndSaysHowToGetAPNG() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("map.svg")
        let r = try TestProcess.towngraph(["render", "-o", path, "--labels", "pinyin", "--failing"])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("failing pairs"))
        let p = try TestProcess.towngraph(["render", "-o", temp.path("m2.svg"), "--png"])
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert") {
            #expect(p.status == 0 && FileManager.default.fileExists(atPath: temp.path("m2.png")))
        } else {
            #expect(p.status != 0 && p.stderr.contains("apt-get install librsvg2-bin"))
        }
    }
}

/// `linkage` and `access` in every format, with their parameters echoed.
@Suite struct GravityCLITests {
    @Test func linkageFormats() throws {
        let table = try TestProcess.towngraph(["linkage", "--top", "2"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(
            table.stdout.contains(
                "R_ij = 1 · √(P_i G_i) · √(P_j G_j) / D_ij^2, D in minutes on network schematic (schematic Dongying network"
            ))
        #expect(table.stdout.contains("G = 1 (no economic size chosen)"))
        let csv = try TestProcess.towngraph(["linkage", "--distance", "straight", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "a,b,separation_km,strength" && lines.count == 1 + 27 * 26 / 2)
        let temp = try TemporaryDirectory()
        let path = temp.path("linkage.geojson")
        let geo = try TestProcess.towngraph([
            "linkage", "--towns", "level=county-centre", "--format", "geojson", "-o", path,
        ])
        #expect(geo.status == 0)
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let features = try #require(doc["features"] as? [[String: Any]])
        #expect(features.count == 10)
        #expect((features.first?["properties"] as? [String: Any])?["weight"] as? Double == 1)
    }

    @Test func accessFormats() throws {
        let table = try TestProcess.towngraph(["access", "--sites", "sub-class=county-seat", "--sites", "zhuchengqu"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("2SFCA: 4 sites (河口城区、广饶县城、利津县城、主城区), capacity 1 each, catchment 30 min"))
        #expect(table.stdout.contains("Hansen decay exponential, f(t) = e^(−0.05·t)"))
        let json = try TestProcess.towngraph(["access", "--decay", "log-logistic", "--t50", "60", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((doc["parameters"] as? String)?.contains("f(t) = 1 / (1 + (t/60.0)^3.0)") == true)
        let towns = try #require(doc["towns"] as? [[String: Any]])
        #expect(
            towns.count == 27
                && towns.allSatisfy { $0["population_within_90"] != nil && $0["two_step_per_10000"] == nil })
    }
}

/// The analyses on the map: influence areas and the strongest links.
@Suite struct AnalysisMapTests {
    @Test func renderDrawsInfluenceAreasAndLinkageLines() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("analyses.svg")
        let r = try TestProcess.towngraph([
            "render", "--influence", "level=county-centre", "--linkage", "5", "-o", path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.contains(">linkage, 5 strongest</text>"))
        for name in ["河口城区", "广饶县城", "利津县城", "黄三角农高区", "东营港城"] { #expect(svg.contains(">\(name) influence</text>")) }
        // The linkage group holds one line per link, the strongest the widest (8 px).
        let group = try #require(
            svg.components(separatedBy: "stroke=\"#6a3d9a\" stroke-opacity=\"0.7\"").dropFirst().first)
        let lines = group.components(separatedBy: "</g>")[0].components(separatedBy: "<path ").count - 1
        #expect(lines == 5)
        #expect(group.contains("stroke-width=\"8.0\""))
    }
}

/// `priorities` and `influence` in their formats.
@Suite struct PlanningAnalysesCLITests {
    @Test func prioritiesFormats() throws {
        let text = try TestProcess.towngraph(["priorities", "--scenario", "2035"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("25 of 34 checked pairs pass today, 30 with every project"))
        let csv = try TestProcess.towngraph(["priorities", "--scenario", "2035", "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 3)
        let geo = try TestProcess.towngraph(["priorities", "--scenario", "2035", "--format", "geojson"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(geo.stdout.utf8)) as? [String: Any])
        let features = try #require(doc["features"] as? [[String: Any]])
        #expect(features.count == 2)
        // The coastal expressway's project: its expressway, the 荣乌 link and six connectors.
        let lines = (features[0]["geometry"] as? [String: Any])?["coordinates"] as? [Any]
        #expect(lines?.count == 8)
    }

    @Test func influenceFormats() throws {
        let text = try TestProcess.towngraph([
            "influence", "--centres", "level=county-centre", "--centres", "level=regional-centre",
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Breaking points"))
        let json = try TestProcess.towngraph(["influence", "--centres", "level=county-centre", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((doc["towns"] as? [Any])?.count == 27)
        #expect(((doc["breaking_points"] as? [Any])?.count ?? 0) >= 4)
    }
}
