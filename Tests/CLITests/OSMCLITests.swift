import Foundation
import TestSupport
import Testing

/// End-to-end: `towngraph network import` and `--network FILE.osm.pbf`.
@Suite struct OSMCLITests {
    static let helsinki = TestPaths.osm("helsinki.osm.pbf")

    @Test func importWritesSelfDescribingGeoJSONAndASummary() throws {
        let temp = try TemporaryDirectory()
        let out = temp.path("helsinki.geojson")
        let r = try TestProcess.towngraph(["network", "import", Self.helsinki, "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("read: 24260 nodes, 5130 ways (2650 with a highway tag)"))
        #expect(r.stdout.contains("graph: 687 nodes, 751 links (389 one-way)"))
        #expect(r.stdout.contains("footway 1097"))
        #expect(r.stdout.contains("kept the largest, dropped 2 smaller"))
        #expect(r.stdout.contains("wrote \(out)"))
        #expect(r.stderr.isEmpty, "no progress bar when standard error is not a terminal: \(r.stderr)")
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(doc["type"] as? String == "FeatureCollection")
        #expect(doc["crs"] == nil)
        let member = try #require(doc["towngraph"] as? [String: Any])
        #expect((member["classes"] as? [Any])?.count == 12)
        let features = try #require(doc["features"] as? [[String: Any]])
        #expect(features.count == 751)
        #expect(Set(features.map { $0["id"] as! String }).count == 751)

        // Stable output: a second import writes the same bytes.
        let again = temp.path("again.geojson")
        _ = try TestProcess.towngraph(["network", "import", Self.helsinki, "-o", again])
        #expect(FileManager.default.contentsEqual(atPath: out, andPath: again))

        // The file is a network for any command, with its own classes.
        let helsinki = try Self.helsinkiDataset()
        let report = try TestProcess.towngraph(["network", "--data", helsinki.url.path, "--network", out])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("691 nodes"))  // 687 road nodes, 3 places and 1 split
    }

    @Test func summaryAsJSON() throws {
        let r = try TestProcess.towngraph(["network", "import", TestPaths.osm("test.osm.pbf"), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["nodes"] as? Int == 252)
        #expect(doc["links"] as? Int == 288)
        #expect(doc["interchanges"] as? Int == 2)  // entry points, as OSMImportTests checks against the reference
        #expect(doc["output"] is NSNull)
        #expect((doc["km_by_class"] as? [String: Double])?["motorway"] != nil)
    }

    @Test func commandsTakeThePBFDirectly() throws {
        let helsinki = try Self.helsinkiDataset()
        let r = try TestProcess.towngraph(["network", "--data", helsinki.url.path, "--network", Self.helsinki])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("OpenStreetMap road network from helsinki.osm.pbf"))
        #expect(r.stdout.contains("691 nodes"))  // 687 road nodes, 3 places and 1 split where one attaches
        #expect(r.stdout.contains("Places attached: 3"))
        // With the Dongying dataset, its metric CRS (120°E) cannot measure Helsinki's roads.
        let wrong = try TestProcess.towngraph(["network", "--network", Self.helsinki])
        #expect(wrong.status == 1)
        #expect(
            wrong.stderr.contains("outside the area of use of the dataset's metric CRS EPSG:4549"), "\(wrong.stderr)")
    }

    @Test func badInputFailsCleanlyWithoutOutput() throws {
        let temp = try TemporaryDirectory()
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.helsinki))
        let cut = temp.path("cut.osm.pbf")
        try data.prefix(data.count / 3).write(to: URL(fileURLWithPath: cut))
        let out = temp.path("never.geojson")
        let r = try TestProcess.towngraph(["network", "import", cut, "-o", out])
        #expect(r.status != 0)
        #expect(r.stderr.contains("cut.osm.pbf") && r.stderr.contains("truncated"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let html = temp.path("page.osm")
        try "<html><body>not osm</body></html>".write(toFile: html, atomically: true, encoding: .utf8)
        let h = try TestProcess.towngraph(["network", "import", html, "-o", out])
        #expect(h.status != 0 && h.stderr.contains("not an OpenStreetMap XML file"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let missing = try TestProcess.towngraph(["network", "import", temp.path("nope.osm.pbf")])
        #expect(missing.status != 0 && missing.stderr.contains("no such file"))

        let route = try TestProcess.towngraph(["check", "--network", cut])
        #expect(route.status != 0 && route.stderr.contains("truncated"))
    }

    @Test func optionErrors() throws {
        let bbox = try TestProcess.towngraph(["network", "import", Self.helsinki, "--bbox", "1,2,3"])
        #expect(bbox.status != 0 && bbox.stderr.contains("west,south,east,north"))
        let flipped = try TestProcess.towngraph(["network", "import", Self.helsinki, "--bbox", "25,60,24,61"])
        #expect(flipped.status != 0 && flipped.stderr.contains("west < east"))
        let cls = try TestProcess.towngraph(["network", "import", Self.helsinki, "--classes", "footway"])
        #expect(cls.status != 0 && cls.stderr.contains("unknown road class \"footway\""))
        let empty = try TestProcess.towngraph(["network", "import", Self.helsinki, "--bbox", "10,10,10.1,10.1"])
        #expect(empty.status != 0 && empty.stderr.contains("no road network"))
        let both = try TestProcess.towngraph([
            "network", "import", Self.helsinki, "--all-components", "--strongly-connected",
        ])
        #expect(both.status != 0 && both.stderr.contains("contradict"))
        let help = try TestProcess.towngraph(["network", "import", "--help"])
        #expect(help.stdout.contains("motorway_link") && help.stdout.contains("高速公路"))
    }

    /// The Binzhou plan's two-expressways target, checked unchanged on an OpenStreetMap file:
    /// motorways G25 and G2 meet at a junction by 惠民, G25 has another by 阳信.
    @Test func binzhouServiceTargetOnAnOpenStreetMapFile() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("binzhou-test.osm")
        try #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="towngraph test">
          <node id="1" lat="37.49" lon="117.51"><tag k="highway" v="motorway_junction"/><tag k="name" v="惠民互通"/></node>
          <node id="2" lat="37.56" lon="117.56"/>
          <node id="3" lat="37.63" lon="117.60"><tag k="highway" v="motorway_junction"/><tag k="name" v="阳信互通"/></node>
          <node id="4" lat="37.49" lon="117.40"/>
          <node id="5" lat="37.49" lon="117.62"/>
          <node id="11" lat="36.862583" lon="117.737068"/>
          <node id="12" lat="37.48913" lon="117.503791"/>
          <node id="13" lat="37.631838" lon="117.59741"/>
          <node id="14" lat="37.769658" lon="117.619741"/>
          <node id="15" lat="37.153767" lon="118.104564"/>
          <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="motorway"/><tag k="ref" v="G25"/></way>
          <way id="101"><nd ref="4"/><nd ref="1"/><nd ref="5"/><tag k="highway" v="motorway"/><tag k="ref" v="G2"/></way>
          <way id="200"><nd ref="14"/><nd ref="13"/><nd ref="12"/><nd ref="15"/><nd ref="11"/><tag k="highway" v="primary"/><tag k="ref" v="S316"/></way>
          <way id="300"><nd ref="12"/><nd ref="1"/><tag k="highway" v="motorway_link"/><tag k="oneway" v="no"/></way>
          <way id="301"><nd ref="3"/><nd ref="13"/><tag k="highway" v="motorway_link"/><tag k="oneway" v="no"/></way>
        </osm>
        """#.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try TestProcess.towngraph(["check", "--data", "binzhou", "--network", path])
        #expect(r.status == 0, "indicative: \(r.stderr)")
        #expect(
            r.stdout.contains(
                "Dataset binzhou: 1 target on network binzhou-test.osm (OpenStreetMap road network from binzhou-test.osm"
            ))
        let rows = r.stdout.split(separator: "\n").map(String.init)
        #expect(rows.contains { $0.hasPrefix("惠民县") && $0.contains("2  G2, G25") && $0.hasSuffix("holds") })
        #expect(rows.contains { $0.hasPrefix("阳信县") && $0.contains("1  G25") && $0.hasSuffix("fails") })
        #expect(rows.contains { $0.hasPrefix("博兴县") && $0.hasSuffix("fails") })
        let strict = try TestProcess.towngraph(["check", "--data", "binzhou", "--network", path, "--strict"])
        #expect(strict.status == 2)
        let json = try TestProcess.towngraph(["check", "--data", "binzhou", "--network", path, "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((doc["service_targets"] as? [Any])?.count == 1)
    }

    /// A small dataset of three places in central Helsinki (EPSG:32635 measures there).
    static func helsinkiDataset() throws -> TemporaryDirectory {
        try SmallDataset.write(extra: SmallDataset.centreTarget(to: ["kamppi", "katajanokka"]))
    }

    /// A small dataset in central Helsinki: every analysis runs on the extract as given.
    @Test func analysesRunOnAnOpenStreetMapNetwork() throws {
        let temp = try Self.helsinkiDataset()
        let common = ["--data", temp.url.path, "--network", Self.helsinki]

        let check = try TestProcess.towngraph(["check", "--format", "json", "--details"] + common)
        #expect(check.status == 0, "\(check.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let target = try #require((doc["targets"] as? [[String: Any]])?.first)
        #expect(target["pairs"] as? Int == 2 && target["passed"] as? Int == 2)
        #expect(doc["network_modelled"] as? Bool == false)

        // The same times from the matrix and from routes.
        let matrix = try TestProcess.towngraph(
            ["matrix", "--from", "station", "--to", "kamppi,katajanokka", "--format", "json"] + common)
        let m = try #require(try JSONSerialization.jsonObject(with: Data(matrix.stdout.utf8)) as? [String: Any])
        let minutes = try #require((m["minutes"] as? [[Double]])?.first)
        #expect(minutes.count == 2 && minutes.allSatisfy { $0 > 0.5 && $0 < 10 })
        for (i, to) in ["kamppi", "katajanokka"].enumerated() {
            let route = try TestProcess.towngraph(["route", "station", to] + common)
            #expect(route.stdout.contains(String(format: "%.1f min", minutes[i])), "\(route.stdout)")
        }

        // Isochrones: valid, nested, and the 3-minute one holds 坎皮 (reached in about 1.3 min).
        let iso = temp.path("iso.geojson")
        let r = try TestProcess.towngraph(["isochrones", "--from", "station", "--minutes", "3,5", "-o", iso] + common)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try Python.run(
            """
            import json, sys
            from shapely.geometry import shape, Point
            g = {f["properties"]["minutes"]: shape(f["geometry"]) for f in json.load(sys.stdin)["features"]}
            print(all(p.is_valid for p in g.values()), g[3].within(g[5]), g[3].contains(Point(24.9316, 60.1688)))
            """, input: try String(contentsOfFile: iso, encoding: .utf8))
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "True True True")
    }
}

/// Access legs: how far each place lies from the road it joins, and what that costs, shown
/// in the per-pair outputs, with a note for legs over 500 m.
@Suite struct AccessLegTests {
    @Test func accessLegsAreShownAndLongOnesNamed() throws {
        // The harbour point lies in the water, 818 m from the nearest road.
        let places = Array(SmallDataset.centralHelsinki.prefix(2)) + [("harbour", "district", 24.965, 60.160)]
        let temp = try SmallDataset.write(places: places, extra: SmallDataset.centreTarget(to: ["kamppi", "harbour"]))
        let common = ["--data", temp.url.path, "--network", TestPaths.osm("helsinki.osm.pbf")]
        let table = try TestProcess.towngraph(["check", "--details"] + common)
        #expect(table.stdout.contains("access (min)  access legs (m)"), "\(table.stdout)")
        #expect(table.stdout.contains("56 + 209") && table.stdout.contains("56 + 818"))
        #expect(table.stdout.contains("Access legs over 500 m, counted in every time: harbour 0.8 km (1.6 min)"))
        let json = try TestProcess.towngraph(["check", "--details", "--format", "json"] + common)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let long = try #require(doc["long_access_legs"] as? [[String: Any]])
        #expect(long.count == 1 && long[0]["place"] as? String == "harbour" && long[0]["metres"] as? Double == 818)
        let pairs = try #require(((doc["targets"] as? [[String: Any]])?.first?["details"]) as? [[String: Any]])
        let kamppi = try #require(pairs.first { $0["destination"] as? String == "kamppi" })
        #expect(kamppi["origin_access_m"] as? Double == 56 && kamppi["destination_access_m"] as? Double == 209)
        // 265 m at the 30 km/h access speed: about 0.53 minutes (the legs unrounded), inside the pair's time.
        #expect(abs((kamppi["access_minutes"] as? Double ?? 0) - 0.53) < 0.005)
    }
}
