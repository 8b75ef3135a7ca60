import Foundation
import TestSupport
import Testing

/// End-to-end: the built `towngraph` executable, run as a user would.
@Suite struct CLITests {
    @Test func industryCommerceListsThePlansTen() throws {
        let r = try TestProcess.towngraph(["towns", "--function", "industry-commerce", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(
            Set(items.compactMap { $0["name_zh"] as? String }) == [
                "东营港城", "史口镇", "牛庄镇", "胜坨镇", "西郊现代服务区", "孤岛镇", "大王镇", "稻庄镇", "陈庄镇", "明集乡",
            ])
        #expect(items.count == 10)
    }

    @Test func chineseLevelNameAndTable() throws {
        let r = try TestProcess.towngraph(["towns", "--level", "重点镇", "--county", "广饶县"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("大王镇") && r.stdout.contains("稻庄镇"))
        #expect(r.stdout.hasSuffix("2 settlements\n"))
    }

    @Test func infoShowsStatedAgainstFound() throws {
        let r = try TestProcess.towngraph(["info"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("28 planning units (27 located)"))
        #expect(r.stdout.contains("key-town         重点镇"))
        #expect(!r.stdout.contains("MISMATCH"))
        #expect(r.stdout.contains("刁口乡 is not located"))
        let j = try TestProcess.towngraph(["info", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        #expect(doc["settlements"] as? Int == 28)
    }

    @Test func exportOpensInGDALAndShapely() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("dongying.geojson")
        let r = try TestProcess.towngraph(["export", "-o", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("wrote 40 features"))

        let ogr = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["ogrinfo", "-ro", "-al", "-so", path])
        #expect(ogr.status == 0, "ogrinfo failed (install gdal-bin; `make test` does): \(ogr.stderr)")
        #expect(ogr.stdout.contains("Feature Count: 40"))
        #expect(ogr.stdout.contains("WGS 84"))
        #expect(!ogr.stderr.contains("Warning"), "\(ogr.stderr)")

        let py = try Python.run(
            """
            import json, sys
            from shapely.geometry import shape
            fc = json.load(open(sys.argv[1] if len(sys.argv) > 1 else sys.stdin.readline().strip()))
            assert "crs" not in fc
            gs = [shape(f["geometry"]) for f in fc["features"] if f["geometry"]]
            print(len(fc["features"]), len(gs), all(g.is_valid for g in gs))
            """, input: path + "\n")
        #expect(py.trimmingCharacters(in: .whitespacesAndNewlines) == "40 39 True")
    }

    @Test func exportToStandardOutputAndSplit() throws {
        let r = try TestProcess.towngraph(["export", "--layers", "counties", "-o", "-", "--precision", "4"])
        #expect(r.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((doc["features"] as? [Any])?.count == 5)
        let temp = try TemporaryDirectory()
        let s = try TestProcess.towngraph(["export", "--split", temp.url.path])
        #expect(s.status == 0)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: temp.url.path).sorted() == [
                "constituents.geojson", "counties.geojson", "settlements.geojson",
            ])
    }

    @Test func badDatasetFailsAndWritesNothing() throws {
        let temp = try TemporaryDirectory()
        let dir = try temp.copyDataset(from: TestPaths.dongying)
        let file = dir.appendingPathComponent("settlements.geojson")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingExisting("\"level\": \"key-town\"", with: "\"level\": \"village\"").write(
            to: file, atomically: true, encoding: .utf8)
        let out = temp.path("out.geojson")
        let r = try TestProcess.towngraph(["export", "--data", dir.path, "-o", out])
        #expect(r.status != 0)
        #expect(r.stderr.contains("settlements.geojson: feature 6 (id \"dawang\"): unknown level \"village\""))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.url.path) == ["dataset"])
    }

    @Test func unknownDatasetAndBadOptions() throws {
        let r = try TestProcess.towngraph(["info", "--data", "atlantis"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no dataset named \"atlantis\""))
        let t = try TestProcess.towngraph(["towns", "--near", "大王镇"])
        #expect(t.status != 0)
        #expect(t.stderr.contains("--near and --within-km go together"))
        let u = try TestProcess.towngraph(["towns", "--function", "现代农业型"])
        #expect(u.status != 0)
        #expect(u.stderr.contains("unknown function type \"现代农业型\"; known: comprehensive"))
        let e = try TestProcess.towngraph(["export"])
        #expect(e.status != 0)
    }

    @Test func unwritableOutputLeavesNothing() throws {
        let temp = try TemporaryDirectory()
        let r = try TestProcess.towngraph(["towns", "-o", temp.path("no/such/dir/towns.csv"), "--format", "csv"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("does not exist"))
    }

    @Test func insidePolygonFileAndErrors() throws {
        let temp = try TemporaryDirectory()
        let area = temp.path("area.geojson")
        try
            #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[118.3,37.3],[118.7,37.3],[118.7,37.7],[118.3,37.7],[118.3,37.3]]]}}"#
            .write(toFile: area, atomically: true, encoding: .utf8)
        let r = try TestProcess.towngraph(["towns", "--inside", area, "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("shengtuo,胜坨镇"))
        let bad = temp.path("bad.geojson")
        try #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}"#.write(
            toFile: bad, atomically: true, encoding: .utf8)
        let b = try TestProcess.towngraph(["towns", "--inside", bad])
        #expect(b.status != 0)
        #expect(b.stderr.contains("bad.geojson") && b.stderr.contains("at least 4 positions"))
    }

    @Test func datasetsListsDongying() throws {
        let r = try TestProcess.towngraph(["datasets"], currentDirectory: TestPaths.packageRoot)
        #expect(r.status == 0)
        #expect(r.stdout.contains("dongying") && r.stdout.contains("28"))
    }
}
