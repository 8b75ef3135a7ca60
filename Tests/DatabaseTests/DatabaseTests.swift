import Foundation
import PGKit
import TestSupport
import Testing
import TownGraphAnalysis
import TownGraphFixtures
import TownGraphOutput

@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

/// `towngraph db push` against the throwaway server `make test` starts (Tools/test-db.sh):
/// the tables, and pgRouting's answers on the pushed network against TownGraph's.
@Suite(.serialized) struct DatabaseTests {
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["TOWNGRAPH_TEST_DB"], !url.isEmpty else {
            throw DatabaseTestSetup("no test database: run the tests with `make test` (Tools/test-db.sh starts one)")
        }
        return url
    }

    static func push(_ dataset: String, schema: String) throws {
        let r = try TestProcess.towngraph(["db", "push", "--data", dataset, "--db", try url(), "--schema", schema])
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func network(_ d: Dataset, _ name: String) throws -> RoadNetwork {
        let spec = try #require(d.network(named: name))
        return try RoadNetworkLoader.load(path: spec.file, spec: spec)
    }

    @Test func pushWritesEveryTableWithIndexes() throws {
        try Self.push("dongying", schema: "dongying_tables")
        let db = try PGConnection(url: try Self.url())
        func count(_ table: String) throws -> Int {
            Int(try db.execute("SELECT count(*) FROM dongying_tables.\(table)")[0][0]!)!
        }
        let d = try dongying()
        #expect(try count("settlements") == d.settlements.count + d.constituents.count)
        #expect(try count("counties") == 5 && count("levels") == 4 && count("targets") == d.targets.count)
        let schematic = try Self.network(d, "schematic")
        let graph = try DatabasePush.routingGraph(dataset: d, network: schematic)
        #expect(try count("links_schematic") == graph.segments.count)
        #expect(try count("entry_points_schematic") == schematic.interchanges.count)
        #expect(try count("settlement_nodes_schematic") == graph.placeNodes.count)
        #expect(graph.placeNodes.count >= 27)
        #expect(try count("links_osm_major_roads") > 1000)
        let srid = try db.execute("SELECT Find_SRID('dongying_tables', 'links_schematic', 'geom')")[0][0]
        #expect(srid == "4326")
        let gist = try db.execute(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = 'dongying_tables' AND indexdef LIKE '%USING gist%'")
        #expect(gist[0][0] == "4")
        let name = try db.execute("SELECT name_zh FROM dongying_tables.settlements WHERE id = 'guangrao-xiancheng'")
        #expect(name[0][0] == "广饶县城")
    }

    /// pgr_dijkstraCostMatrix on the pushed links between nodes spread over the graph equals
    /// TownGraph's matrix between the same nodes, cell by cell, to 1e-6 s; and
    /// pgr_drivingDistance from one node reaches the same nodes as TownGraph's search with
    /// the same cut-off.
    @Test(arguments: ["schematic", "osm-major-roads"])
    func pgRoutingAgreesWithTownGraph(network name: String) throws {
        try Self.push("dongying", schema: "dongying_routing")
        let d = try dongying()
        let n = try Self.network(d, name)
        let graph = try DatabasePush.routingGraph(dataset: d, network: n)
        let nodes = stride(from: 0, to: graph.nodeCount, by: max(1, graph.nodeCount / 14)).map { Int32($0) }
        let ours = graph.travelTimes(from: nodes, to: nodes)
        let db = try PGConnection(url: try Self.url())
        let table = "dongying_routing.links_\(name.replacingOccurrences(of: "-", with: "_"))"
        let rows = try db.execute(
            "SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCostMatrix('SELECT id, source, target, cost, reverse_cost FROM \(table)', $1::bigint[])",
            ["{" + nodes.map { String($0 + 1) }.joined(separator: ",") + "}"])
        var theirs: [String: Double] = [:]
        for r in rows { theirs["\(r[0]!)>\(r[1]!)"] = Double(r[2]!)! }
        var compared = 0
        for (i, a) in nodes.enumerated() {
            for (j, b) in nodes.enumerated() where a != b {
                let key = "\(a + 1)>\(b + 1)"
                if ours[i][j].isFinite {
                    let t = try #require(theirs[key], "\(key) reached by TownGraph, not by pgRouting")
                    #expect(abs(t - ours[i][j]) < 1e-6, "\(key): \(t) against \(ours[i][j])")
                    compared += 1
                } else {
                    #expect(theirs[key] == nil, "\(key) unreachable for TownGraph")
                }
            }
        }
        #expect(compared >= 100)

        let cutoff = 1800.0
        let search = ShortestPathSearch(graph: graph)
        search.run(from: nodes[0], cutoff: cutoff, recordPaths: false)
        let reached = Set((0..<Int32(graph.nodeCount)).filter { search.seconds(to: $0) <= cutoff }.map { $0 + 1 })
        let driving = try db.execute(
            "SELECT node FROM pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM \(table)', $1::bigint, $2::float8)",
            [String(nodes[0] + 1), String(cutoff)])
        #expect(Set(driving.map { Int32($0[0]!)! }) == reached)
        #expect(reached.count > 5)
    }

    /// Between the pushed settlement nodes, pgRouting gives `towngraph matrix`'s times
    /// between the settlements themselves (access legs included), to 1e-6 s.
    @Test(arguments: ["schematic", "osm-major-roads"])
    func settlementNodesGiveTheMatrix(network name: String) throws {
        try Self.push("dongying", schema: "dongying_routing")
        let d = try dongying()
        let n = try Self.network(d, name)
        let seats = try PlaceSelection(parsing: ["level=county-centre"])
        let ours = try Queries.matrix(dataset: d, network: n, scenario: n.plannedYears.last, from: seats, to: nil)
        let k = ours.origins.count
        #expect(k >= 4)
        let suffix = name.replacingOccurrences(of: "-", with: "_")
        let nodes = "dongying_routing.settlement_nodes_\(suffix)"
        let db = try PGConnection(url: try Self.url())
        let rows = try db.execute(
            """
            SELECT a.settlement_id, b.settlement_id, m.agg_cost
            FROM pgr_dijkstraCostMatrix(
              'SELECT id, source, target, cost, reverse_cost FROM dongying_routing.links_\(suffix)',
              (SELECT array_agg(node) FROM \(nodes) WHERE settlement_id = ANY($1::text[]))) m
            JOIN \(nodes) a ON a.node = m.start_vid JOIN \(nodes) b ON b.node = m.end_vid
            """, ["{" + ours.origins.map(\.id).joined(separator: ",") + "}"])
        var theirs: [String: Double] = [:]
        for r in rows { theirs["\(r[0]!)>\(r[1]!)"] = Double(r[2]!)! }
        var compared = 0
        for (i, a) in ours.origins.enumerated() {
            for (j, b) in ours.destinations.enumerated() where a.id != b.id {
                let seconds = try #require(ours.seconds[i][j])
                let t = try #require(theirs["\(a.id)>\(b.id)"], "\(a.id)>\(b.id) not reached by pgRouting")
                #expect(abs(t - seconds) < 1e-6, "\(a.id)>\(b.id): \(t) against \(seconds)")
                compared += 1
            }
        }
        #expect(compared == k * (k - 1))
    }

    /// check, matrix and isochrones write their results to tables a team opens in QGIS.
    @Test func resultsAsTables() throws {
        let url = try Self.url()
        let db = try PGConnection(url: url)
        let check = try TestProcess.towngraph([
            "check", "--db", url, "--table", "results.check_base", "--format", "json",
        ])
        #expect(check.status == 0, "\(check.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let targets = doc["targets"] as! [[String: Any]]
        let pairs = targets.map { $0["pairs"] as! Int }.reduce(0, +)
        let failed = targets.map { $0["failed"] as! Int }.reduce(0, +)
        #expect(try db.execute("SELECT count(*) FROM results.check_base")[0][0] == String(pairs))
        #expect(
            try db.execute("SELECT count(*) FROM results.check_base WHERE geom IS NOT NULL")[0][0] == String(failed))
        let worst = try db.execute(
            "SELECT minutes FROM results.check_base WHERE target = 'centre-to-counties' AND destination_id = 'hekou-chengqu'"
        )
        let reported = ((targets[0]["worst"] as! [String: Any])["minutes"] as! Double)
        #expect(abs(Double(worst[0][0]!)! - reported) < 0.0006)

        let m = try TestProcess.towngraph([
            "matrix", "--from", "level=county-centre", "--db", url, "--table", "results.m",
        ])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(try db.execute("SELECT count(*) FROM results.m WHERE route_km > 0")[0][0] == "20")

        let temp = try TemporaryDirectory()
        let iso = try TestProcess.towngraph([
            "isochrones", "--from", "主城区", "--minutes", "45", "-o", temp.path("iso.geojson"), "--db", url, "--table",
            "results.iso",
        ])
        #expect(iso.status == 0, "\(iso.stderr)")
        let areas = try db.execute("SELECT area_km2, ST_Area(ST_Transform(geom, 4549)) / 1e6 FROM results.iso")
        let (a, b) = (Double(areas[0][0]!)!, Double(areas[0][1]!)!)
        #expect(abs(a - b) / a < 0.0001, "\(a) reported, \(b) by PostGIS in EPSG:4549")
        let unpaired = try TestProcess.towngraph(["check", "--db", url])
        #expect(unpaired.status == 64 && unpaired.stderr.contains("--db and --table go together"))
    }

    /// Every bundled dataset pushed and read back with --data postgresql://…?schema= gives the
    /// same check report, town list and GeoJSON export as the folder, byte for byte.
    @Test(arguments: ["dongying", "yantai", "shandong", "binzhou"])
    func roundTrip(dataset: String) throws {
        let schema = "rt_\(dataset)"
        try Self.push(dataset, schema: schema)
        let data = try Self.url() + "?schema=\(schema)"
        for command in [["check"], ["towns", "--format", "csv"], ["export", "-o", "-"], ["info"]] {
            let fromFiles = try TestProcess.towngraph(command + ["--data", dataset])
            let fromDB = try TestProcess.towngraph(command + ["--data", data])
            #expect(fromDB.status == fromFiles.status, "\(command): \(fromDB.stderr)")
            #expect(fromDB.stdout == fromFiles.stdout, "\(dataset) \(command)")
            #expect(!fromFiles.stdout.isEmpty)
        }
    }

    /// A planner's own files round-trip too: Shapefile layers with GBK attributes in CGCS2000
    /// Gauss-Krüger (EPSG:4549) and the network as a GeoPackage layer in EPSG:4527, pushed and
    /// read back, give the same check report and town list as the folder.
    @Test func shapefileAndGeoPackageDatasetRoundTrips() throws {
        let temp = try TemporaryDirectory()
        let dir = try PlannerFiles.dataset(temp, layers: PlannerFiles.shapefileLayers) { dir in
            try PlannerFiles.shapefiles(dir)
            try PlannerFiles.ogr2ogr([
                "-f", "GPKG", "-t_srs", "EPSG:4527", dir.appendingPathComponent("roads.gpkg").path,
                dir.appendingPathComponent("network.geojson").path, "-nln", "roads",
            ])
            for name in ["settlements.geojson", "counties.geojson", "network.geojson"] {
                try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
            }
        }
        let manifest = dir.appendingPathComponent("dataset.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingExisting(
            "    file: network.geojson\n", with: "    file: roads.gpkg\n    layer: roads\n"
        ).write(to: manifest, atomically: true, encoding: .utf8)
        let url = try Self.url()
        let push = try TestProcess.towngraph(["db", "push", "--data", dir.path, "--db", url, "--schema", "rt_planner"])
        #expect(push.status == 0, "\(push.stderr)")
        let db = try PGConnection(url: url)
        let stored = Set(try db.execute("SELECT name FROM rt_planner.files").compactMap { $0[0] })
        #expect(stored.contains("settlements.geojson") && stored.contains("dataset.yaml"))
        #expect(!stored.contains { $0.hasSuffix(".shp") || $0.hasSuffix(".gpkg") })
        for command in [["check", "--details"], ["towns", "--format", "csv"]] {
            let fromFiles = try TestProcess.towngraph(command + ["--data", dir.path])
            let fromDB = try TestProcess.towngraph(command + ["--data", url + "?schema=rt_planner"])
            #expect(fromFiles.status == 0 && fromDB.status == 0, "\(command): \(fromDB.stderr)")
            #expect(fromDB.stdout == fromFiles.stdout, "\(command)")
            #expect(fromFiles.stdout.contains("广饶县城"))
        }
        // And the same report as the bundled GeoJSON dataset.
        let bundled = try TestProcess.towngraph(["check", "--details", "--data", "dongying"])
        #expect(
            try TestProcess.towngraph(["check", "--details", "--data", url + "?schema=rt_planner"]).stdout
                == bundled.stdout)
    }

    /// Eight readers and two pushes into the same schema at once: every reader sees one whole
    /// dataset, the old or the new, never a mix.
    @Test func readersSeeOldOrNewNeverAMix() throws {
        let url = try Self.url()
        try Self.push("dongying", schema: "shared_plan")
        let dongying = try TestProcess.towngraph(["check", "--data", "dongying"]).stdout
        let yantai = try TestProcess.towngraph(["check", "--data", "yantai"]).stdout
        let results = Results()
        let group = DispatchGroup()
        for i in 0..<10 {
            DispatchQueue.global().async(group: group) {
                if i == 3 || i == 7 {
                    let r = try? TestProcess.towngraph([
                        "db", "push", "--data", i == 3 ? "yantai" : "dongying", "--db", url, "--schema", "shared_plan",
                    ])
                    results.add(push: r?.status ?? -1)
                } else {
                    let r = try? TestProcess.towngraph(["check", "--data", url + "?schema=shared_plan"])
                    results.add(read: r?.stdout ?? "", status: r?.status ?? -1)
                }
            }
        }
        group.wait()
        #expect(results.pushes == [0, 0])
        #expect(results.reads.count == 8)
        for (text, status) in results.reads {
            #expect(status == 0)
            #expect(text == dongying || text == yantai, "a reader saw a mix:\n\(text.prefix(300))")
        }
    }

    @Test func foreignSchemasMissingPostGISAndBadURLsAreNamed() throws {
        let url = try Self.url()
        let db = try PGConnection(url: url)
        try db.execute(
            "DROP SCHEMA IF EXISTS theirs CASCADE; CREATE SCHEMA theirs; CREATE TABLE theirs.parcels (id int)")
        let foreign = try TestProcess.towngraph(["db", "push", "--db", url, "--schema", "theirs"])
        #expect(foreign.status == 1 && foreign.stderr.contains("schema theirs holds tables but is not TownGraph's"))
        #expect(try db.execute("SELECT count(*) FROM theirs.parcels")[0][0] == "0", "left as it was")

        try db.execute("DROP DATABASE IF EXISTS plain")
        try db.execute("CREATE DATABASE plain")
        let plain = String(url[..<url.range(of: "/", options: .backwards)!.lowerBound]) + "/plain"
        let noPostGIS = try TestProcess.towngraph(["db", "push", "--db", plain])
        #expect(noPostGIS.status == 1 && noPostGIS.stderr.contains("PostGIS is not installed in this database"))

        let refused = try TestProcess.towngraph([
            "db", "push", "--db", "postgresql://planner:s3cret@127.0.0.1:1/plans",
        ])
        #expect(
            refused.status == 1
                && refused.stderr.contains("cannot connect to postgresql://planner:***@127.0.0.1:1/plans"))
        #expect(!refused.stderr.contains("s3cret"))
        let bad = try TestProcess.towngraph(["db", "push", "--db", "mysql://x"])
        #expect(bad.status == 64 && bad.stderr.contains("--db takes a postgresql:// URL"))
    }
}

struct DatabaseTestSetup: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Results gathered from threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var pushes: [Int32] = []
    private(set) var reads: [(String, Int32)] = []
    func add(push: Int32) { lock.withLock { pushes.append(push) } }
    func add(read: String, status: Int32) { lock.withLock { reads.append((read, status)) } }
}
