import Foundation
import TestSupport
import Testing

/// End-to-end: check, reach, matrix, route and network on the bundled Dongying data.
@Suite struct RoutingCLITests {
    @Test func checkExitStatusFollowsBindingTargets() throws {
        let r = try TestProcess.towngraph(["check"])
        #expect(r.status == 0, "indicative targets do not fail the run: \(r.stderr)")
        #expect(r.stdout.contains("schematic Dongying network") && r.stdout.contains("[modelled]"))
        #expect(r.stdout.contains("centre-to-counties") && r.stdout.contains("「实现市区到各县区45分钟内到达,」"))
        let strict = try TestProcess.towngraph(["check", "--strict"])
        #expect(strict.status == 2)
    }

    @Test func checkJSONAndDetails() throws {
        let r = try TestProcess.towngraph(["check", "--format", "json", "--details", "--target", "towns-to-expressway"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let targets = try #require(doc["targets"] as? [[String: Any]])
        #expect(targets.count == 1)
        #expect(targets[0]["pairs"] as? Int == 25)
        #expect((targets[0]["details"] as? [Any])?.count == 25)
        #expect(doc["network_modelled"] as? Bool == true)
        let markdown = try TestProcess.towngraph(["check", "--format", "markdown"])
        #expect(markdown.stdout.contains("| target | limit |"))
    }

    @Test func checkGeoJSONCarriesFailingRoutes() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("fail.geojson")
        let r = try TestProcess.towngraph(["check", "--format", "geojson", "-o", path])
        #expect(r.status == 0)
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let features = try #require(doc["features"] as? [[String: Any]])
        #expect(!features.isEmpty)
        for f in features {
            let p = f["properties"] as! [String: Any]
            #expect(p["outcome"] as? String == "failed")
            #expect((p["margin_minutes"] as? Double ?? 0) < 0)
            #expect((f["geometry"] as? [String: Any])?["type"] as? String == "LineString")
        }
    }

    @Test func compareScenarios() throws {
        let r = try TestProcess.towngraph(["check", "--compare", "base,2035"])
        #expect(r.stdout.contains("passed base") && r.stdout.contains("passed 2035"))
        #expect(r.stdout.contains("滨东潍沿海高速"))
        let bad = try TestProcess.towngraph(["check", "--compare", "2035"])
        #expect(
            bad.status == 64 && bad.stderr.contains("--compare <a,b>") && bad.stderr.contains("each base or a year"))
    }

    @Test func reachMatrixRoute() throws {
        let reach = try TestProcess.towngraph(["reach", "--from", "主城区", "--minutes", "30,45", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(reach.stdout.utf8)) as? [String: Any])
        let reached = try #require(doc["reached"] as? [String: [String]])
        #expect(reached["30"]!.contains("dongcheng"))
        #expect(Set(reached["30"]!).isSubset(of: Set(reached["45"]!)))

        let m = try TestProcess.towngraph(["matrix", "--from", "level=county-centre", "--to", "zhuchengqu,dawang"])
        let lines = m.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0] == "origin \\ destination (minutes),zhuchengqu,dawang")

        let route = try TestProcess.towngraph(["route", "主城区", "利津县城"])
        #expect(route.status == 0)
        #expect(route.stdout.hasPrefix("主城区 (zhuchengqu) → 利津县城 (lijin-xiancheng): "))
        let geo = try TestProcess.towngraph(["route", "dawang", "ic-kenli", "--format", "geojson"])
        let fc = try #require(try JSONSerialization.jsonObject(with: Data(geo.stdout.utf8)) as? [String: Any])
        let f = try #require((fc["features"] as? [[String: Any]])?.first)
        #expect((f["properties"] as? [String: Any])?["roads"] as? [String] == ["G25"])
    }

    @Test func unreachableAndUnlocatedAreExplicit() throws {
        let r = try TestProcess.towngraph(["route", "刁口乡", "主城区"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("not on the network: not located"))
        let m = try TestProcess.towngraph(["matrix", "--from", "刁口乡,主城区", "--format", "json"])
        #expect(m.status == 0)
        #expect(m.stderr.contains("diaokou (not located)"))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(m.stdout.utf8)) as? [String: Any])
        let rows = try #require(doc["minutes"] as? [[Any]])
        #expect(rows[0][1] is NSNull)
    }

    @Test func brokenNetworkFileFailsWithoutOutput() throws {
        let temp = try TemporaryDirectory()
        let bad = temp.path("net.geojson")
        try
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"r1","class":"trunk-road","speed_kmh":-5},"geometry":{"type":"LineString","coordinates":[[118.5,37.4],[118.6,37.4]]}}]}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let out = temp.path("report.json")
        let r = try TestProcess.towngraph(["check", "--network", bad, "--format", "json", "-o", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("net.geojson: feature 0 (id \"r1\"): speed_kmh must be a positive number"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func strandedSettlementIsAnError() throws {
        let temp = try TemporaryDirectory()
        let dir = try temp.copyDataset(from: TestPaths.dongying)
        let file = dir.appendingPathComponent("settlements.geojson")
        // Move 大码头镇 40 km out to sea, far from every road.
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingExisting("118.591387", with: "119.091387").write(
            to: file, atomically: true, encoding: .utf8)
        let out = temp.path("report.md")
        let r = try TestProcess.towngraph(["check", "--data", dir.path, "--format", "markdown", "-o", out])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "settlements.geojson: feature 22 (id \"damatou\"): 大码头镇 cannot be attached to the network: nearest road is"
            ))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func checkAllWritesOneMarkdownReport() throws {
        let r = try TestProcess.towngraph(["check", "--all"], currentDirectory: TestPaths.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("## Plan targets across the bundled datasets"))
        #expect(
            r.stdout.contains("### dongying: accessibility targets")
                && r.stdout.contains("### shandong: accessibility targets")
                && r.stdout.contains("### yantai: accessibility targets"))
        #expect(r.stdout.contains("Network: schematic, schematic Dongying network"))
        // Binzhou ships only its OpenStreetMap-derived network: its service target is checked there.
        #expect(r.stdout.contains("Network: osm-major-roads, OpenStreetMap major roads of 滨州市"))
        #expect(r.stdout.contains("two-expressways-per-county (indicative)"))
        let osm = try TestProcess.towngraph(
            ["check", "--all", "--network", "osm-major-roads"], currentDirectory: TestPaths.packageRoot)
        #expect(osm.status == 0, "\(osm.stderr)")
        #expect(osm.stdout.components(separatedBy: "Network: osm-major-roads, OpenStreetMap major roads").count == 5)
        #expect(osm.stdout.components(separatedBy: "Road data: © OpenStreetMap contributors").count == 5)
        #expect(osm.stdout.contains("Over the speed ranges"))
        let bad = try TestProcess.towngraph(["check", "--all", "--data", "dongying"])
        #expect(bad.status != 0 && bad.stderr.contains("--all checks every bundled dataset"))
    }

    /// A network by name, an unknown name, and two networks compared: the comparison's
    /// counts and worst times are those of the two checks run alone.
    @Test func networksByNameAndCompared() throws {
        let osm = try TestProcess.towngraph(["check", "--network", "osm-major-roads", "--format", "json"])
        #expect(osm.status == 0, "\(osm.stderr)")
        func parse(_ text: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        func targets(_ doc: [String: Any]) -> [[String: Any]] { doc["targets"] as? [[String: Any]] ?? [] }
        let doc = try parse(osm.stdout)
        #expect(doc["network_name"] as? String == "osm-major-roads")
        #expect((doc["network_credit"] as? String)?.contains("OpenStreetMap") == true)
        let between = try #require(targets(doc).first { $0["id"] as? String == "between-counties" })
        let range = try #require(between["speed_range"] as? [String: Any])
        #expect(range["robust"] as? Bool == false)
        let flip = try #require((range["flip_speeds_kmh"] as? [String: Any])?["expressway"] as? Double)
        #expect((80...120).contains(flip))
        let schematic = try parse(
            try TestProcess.towngraph(["check", "--network", "schematic", "--format", "json"]).stdout)
        let unknown = try TestProcess.towngraph(["check", "--network", "osm"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("has no network named osm (its networks: schematic, osm-major-roads)"))
        let cmp = try TestProcess.towngraph(["check", "--compare-networks", "schematic,osm-major-roads"])
        #expect(cmp.status == 0, "\(cmp.stderr)")
        #expect(cmp.stdout.contains("network schematic against network osm-major-roads"))
        for t in targets(doc) {
            let id = t["id"] as! String
            let s = try #require(targets(schematic).first { $0["id"] as? String == id })
            let row = try #require(cmp.stdout.split(separator: "\n").first { $0.hasPrefix(id + " ") })
            let cells = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            func counts(_ x: [String: Any]) -> String {
                "\((x["passed"] as! NSNumber).intValue)/\((x["pairs"] as! NSNumber).intValue)"
            }
            #expect(cells[3] == counts(s) && cells[4] == counts(t), "\(row)")
            let worst = String(format: "%.1f", ((t["worst"] as! [String: Any])["minutes"] as! NSNumber).doubleValue)
            #expect(row.contains(" \(worst) "), "\(row) has the osm worst time \(worst)")
        }
        #expect(cmp.stdout.contains("pairs measured on both: median"))
        let bad = try TestProcess.towngraph(["check", "--compare-networks", "schematic"])
        #expect(bad.status == 64 && bad.stderr.contains("two networks separated by a comma"))
    }

    @Test func networkReport() throws {
        let r = try TestProcess.towngraph(["network", "--scenario", "2035"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("1 connected component"))
        #expect(r.stdout.contains("planned links left out: 0"))
        #expect(r.stdout.contains("diaokou 刁口乡: not located"))
    }
}

/// Isochrones nest in the written file, at the precision written: shapely finds each
/// polygon within the next one of its origin (before, rounding left slivers of up to 5 m²).
@Suite struct WrittenIsochroneNestingTests {
    @Test(arguments: [6, 4, 3])
    func writtenPolygonsNestExactly(precision: Int) throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("iso.geojson")
        let r = try TestProcess.towngraph([
            "isochrones", "--from", "zhuchengqu,guangrao-xiancheng,lijin-xiancheng,hekou-chengqu", "--minutes",
            "15,30,45,90",
            "--precision", String(precision), "-o", path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try Python.run(
            """
            import json, sys
            from shapely.geometry import shape
            features = json.load(sys.stdin)["features"]
            by = {}
            for f in features:
                by.setdefault(f["properties"]["origin"], []).append((f["properties"]["minutes"], shape(f["geometry"])))
            pairs = nested = valid = 0
            for polys in by.values():
                polys.sort(key=lambda p: p[0])
                valid += sum(p.is_valid for _, p in polys)
                for (_, a), (_, b) in zip(polys, polys[1:]):
                    pairs += 1
                    nested += a.within(b)
            print(len(features), valid, pairs, nested)
            """, input: try String(contentsOfFile: path, encoding: .utf8))
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "16 16 12 12")
    }
}
