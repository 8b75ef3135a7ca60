import Foundation
import GeoKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

/// The OpenStreetMap-derived networks the bundled datasets ship beside their schematic ones.
@Suite struct OSMMajorRoadsTests {
    static func load(_ name: String) throws -> (Dataset, RoadNetwork) {
        let d = try DatasetLoader.load(directory: TestPaths.geoData.appendingPathComponent(name).path)
        let spec = try #require(d.network(named: "osm-major-roads"))
        return (d, try RoadNetworkLoader.load(path: spec.file, spec: spec))
    }

    @Test func everyDatasetHasOneAndItLoads() throws {
        for name in ["dongying", "yantai", "shandong", "binzhou"] {
            let (d, n) = try Self.load(name)
            #expect(n.name == "osm-major-roads")
            #expect(n.credit?.contains("OpenStreetMap contributors") == true)
            #expect(!n.isModelled, "positions are surveyed, not drawn")
            #expect(!n.options.separateExpresswayLayer)
            #expect(Set(n.links.map(\.roadClass.id)) == ["expressway", "major-road"])
            #expect(n.links.allSatisfy { $0.circuity == 1.1 })
            #expect(n.classes.allSatisfy { $0.speedRangeKmh != nil })
            // Binzhou ships only this network, so it is the default; the others keep the schematic one.
            #expect(d.network?.id == (name == "binzhou" ? "osm-major-roads" : "schematic"))
            let g = try TravelGraph.build(network: n, scenario: nil, places: d.places, metricCRS: d.metricCRS)
            #expect(g.report.components == 1, "\(name): the largest connected part only")
        }
    }

    /// Every entry point (an interchange) sits on a node where an expressway link meets an
    /// ordinary one, and every such node is an entry point.
    @Test func entryPointsAreWhereExpresswaysMeetOtherRoads() throws {
        let (_, n) = try Self.load("dongying")
        var kinds: [Coordinate: Set<Bool>] = [:]
        for l in n.links {
            for c in [l.coordinates.first!, l.coordinates.last!] {
                kinds[c, default: []].insert(l.roadClass.isExpressway)
            }
        }
        let meets = Set(kinds.filter { $0.value.count == 2 }.keys)
        #expect(Set(n.interchanges.map(\.location)) == meets)
        #expect(meets.count > 10)
    }

    /// Times between the Dongying entry points on the OSM-derived network, against networkx
    /// on a graph Python builds from the same GeoJSON file (lengths projected with pyproj to
    /// the dataset's metric CRS, times = length × 1.1 / class speed).
    @Test func timesMatchNetworkxBuiltFromTheFile() throws {
        let (d, n) = try Self.load("dongying")
        let ics = n.interchanges.sorted { $0.id < $1.id }
        let chosen = stride(from: 0, to: ics.count, by: max(1, ics.count / 12)).map { ics[$0] }
        let places = chosen.map { Place(id: $0.id, name: $0.name, kind: .interchange, location: $0.location) }
        let g = try TravelGraph.build(network: n, scenario: nil, places: places, metricCRS: d.metricCRS)
        let nodes = try places.map { try #require(g.node(of: $0.id)) }
        let ours = g.travelTimes(from: nodes, to: nodes)
        let input = chosen.map { "\($0.location.lon) \($0.location.lat)" }.joined(separator: "\n")
        let out = try Python.run(
            """
            import json, sys
            import networkx as nx
            from pyproj import Transformer
            doc = json.load(open(\(String(reflecting: n.source)), encoding="utf-8"))
            speed = {"expressway": 100.0, "major-road": 60.0}
            t = Transformer.from_crs("EPSG:4326", \(String(reflecting: d.metricCRS)), always_xy=True)
            G = nx.Graph()
            for f in doc["features"]:
                if f["geometry"]["type"] != "LineString":
                    continue
                (a, b) = [tuple(c) for c in f["geometry"]["coordinates"]]
                (xa, ya), (xb, yb) = t.transform(*a), t.transform(*b)
                s = ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 * f["properties"]["circuity"] / (speed[f["properties"]["class"]] / 3.6)
                if not G.has_edge(a, b) or G[a][b]["weight"] > s:
                    G.add_edge(a, b, weight=s)
            pts = [tuple(float(x) for x in l.split()) for l in sys.stdin.read().splitlines()]
            print(json.dumps([[nx.single_source_dijkstra_path_length(G, p, weight="weight").get(q) for q in pts] for p in pts]))
            """, input: input)
        let theirs = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [[Any]]
        var compared = 0
        for i in nodes.indices {
            for j in nodes.indices {
                let reference = try #require(theirs[i][j] as? Double)
                #expect(abs(ours[i][j] - reference) < 1e-3, "\(chosen[i].id) → \(chosen[j].id)")
                compared += 1
            }
        }
        #expect(compared >= 100)
    }

    /// The flip speed a check reports is where the verdict really changes: at the reported
    /// fraction the target holds, 1/1024 of the ranges below it fails; and a robust verdict
    /// is the same at both ends.
    @Test(arguments: ["schematic", "osm-major-roads"])
    func speedSensitivityIsWhereTheVerdictChanges(network name: String) throws {
        let d = try dongying()
        let spec = try #require(d.network(named: name))
        let n = try RoadNetworkLoader.load(path: spec.file, spec: spec)
        let report = try AccessibilityCheck.run(dataset: d, network: n, scenario: nil, speedRanges: true).report
        #expect(report.speedSensitivity.count == d.targets.count)
        func holds(_ f: Double, _ t: TravelTimeTarget) throws -> Bool {
            try AccessibilityCheck.run(dataset: d, network: n.atSpeedFraction(f), scenario: nil, targets: [t])
                .report.results[0].holds
        }
        var dependent = 0
        for t in d.targets {
            let s = try #require(report.speedSensitivity[t.id])
            #expect(try s.holdsAtLow == holds(0, t) && s.holdsAtHigh == holds(1, t))
            if let f = s.flipFraction {
                dependent += 1
                #expect(try holds(f, t), "\(t.id) holds at \(f)")
                #expect(try !holds(f - 1.0 / 1024, t), "\(t.id) fails below \(f)")
                let expressway = try #require(s.flipSpeeds.first { $0.roadClass.id == "expressway" })
                #expect(abs(expressway.kmh - (80 + 40 * f)) < 1e-9)
            } else {
                #expect(s.robust)
            }
        }
        // between-counties fails at the low ends and holds at the high ends on both networks.
        #expect(dependent >= 1)
        #expect(report.speedSensitivity["between-counties"]?.robust == false)
    }
}
