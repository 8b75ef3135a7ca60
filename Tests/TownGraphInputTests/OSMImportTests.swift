import Foundation
import GeoKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput
@testable import TownGraphRouting

/// The OpenStreetMap import against an independent reading of the same files (pyosmium,
/// pyproj and networkx in Tools/osm_reference.py).
@Suite struct OSMImportTests {
    static let files = ["helsinki.osm.pbf", "test.osm.pbf"]
    /// Both extracts lie in UTM zone 35N.
    static let crs = "EPSG:32635"

    struct Reference {
        let nodes: Int, links: Int, onewayLinks: Int, components: Int, strongNodes: Int, strongLinks: Int
        let kmByClass: [String: Double]
        let samples: [(from: Coordinate, to: Coordinate, seconds: Double?)]
        /// Where a non-motorway road arrives at a motorway node.
        let entryPoints: [Coordinate]
    }

    static func reference(_ file: String, xml: String? = nil) throws -> Reference {
        var args = [TestPaths.osm(file), "--crs", crs]
        if let xml { args += ["--xml", xml] }
        let text = try Python.runFile("Tools/osm_reference.py", args)
        let j = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let samples = (j["samples"] as! [[String: Any]]).map { s -> (Coordinate, Coordinate, Double?) in
            let f = s["from"] as! [Double]
            let t = s["to"] as! [Double]
            return (Coordinate(lon: f[0], lat: f[1]), Coordinate(lon: t[0], lat: t[1]), s["seconds"] as? Double)
        }
        return Reference(
            nodes: j["nodes"] as! Int, links: j["links"] as! Int, onewayLinks: j["oneway_links"] as! Int,
            components: j["components"] as! Int, strongNodes: j["strong_nodes"] as! Int,
            strongLinks: j["strong_links"] as! Int, kmByClass: j["km_by_class"] as! [String: Double], samples: samples,
            entryPoints: (j["entry_points"] as! [[Double]]).map { Coordinate(lon: $0[0], lat: $0[1]) })
    }

    /// Shortest times between the reference's sample points, on TownGraph's graph.
    static func times(
        _ network: RoadNetwork, _ samples: [(from: Coordinate, to: Coordinate, seconds: Double?)]
    ) throws -> [Double] {
        let graph = try TravelGraph.build(network: network, scenario: nil, places: [], metricCRS: crs)
        var nodeAt: [SIMD2<Double>: Int32] = [:]
        for n in 0..<Int32(graph.nodeCount) {
            let c = graph.location(ofNode: n)
            nodeAt[SIMD2(c.lon, c.lat)] = n
        }
        let search = ShortestPathSearch(graph: graph)
        var out: [Double] = []
        var lastSource: Int32 = -1
        for s in samples {
            let a = try #require(nodeAt[SIMD2(s.from.lon, s.from.lat)], "no graph node at \(s.from)")
            let b = try #require(nodeAt[SIMD2(s.to.lon, s.to.lat)], "no graph node at \(s.to)")
            if a != lastSource {
                search.run(from: a, recordPaths: false)
                lastSource = a
            }
            out.append(search.seconds(to: b))
        }
        return out
    }

    @Test(arguments: files)
    func countsAndTravelTimesAgreeWithPyosmiumAndNetworkx(file: String) throws {
        let (network, summary) = try OSMRoadImport.read(path: TestPaths.osm(file))
        let ref = try Self.reference(file)
        #expect(summary.nodes == ref.nodes)
        #expect(summary.links == ref.links)
        #expect(network.links.count == ref.links)
        #expect(summary.onewayLinks == ref.onewayLinks)
        #expect(summary.components == ref.components)
        #expect(Set(summary.kilometresByClass.map(\.classId)) == Set(ref.kmByClass.keys))
        for (c, km) in summary.kilometresByClass {
            #expect(abs(km - ref.kmByClass[c]!) < 1e-6, "\(c): \(km) km against \(ref.kmByClass[c]!)")
        }
        // The graph built from the import has exactly the reference's nodes.
        let graph = try TravelGraph.build(network: network, scenario: nil, places: [], metricCRS: Self.crs)
        #expect(graph.nodeCount == ref.nodes)
        #expect(graph.report.components == 1)

        let times = try Self.times(network, ref.samples)
        #expect(ref.samples.count >= 200)
        var compared = 0
        for (s, t) in zip(ref.samples, times) {
            if let expected = s.seconds {
                #expect(
                    abs(t - expected) <= 1e-6 * max(1, expected),
                    "\(s.from) → \(s.to): \(t) s against networkx \(expected) s")
                compared += 1
            } else {
                #expect(
                    t == .infinity, "\(s.from) → \(s.to) is unreachable in networkx (one-way streets) but \(t) s here")
            }
        }
        #expect(compared >= 150)

        // The largest strongly connected part, as networkx finds it; with the option, every
        // pair inside it is reachable.
        #expect(summary.stronglyConnectedNodes == ref.strongNodes)
        let strong = try OSMRoadImport.read(
            path: TestPaths.osm(file), options: OSMImportOptions(stronglyConnected: true))
        #expect(strong.summary.nodes == ref.strongNodes)
        #expect(strong.network.links.count == ref.strongLinks)
        let strongGraph = try TravelGraph.build(network: strong.network, scenario: nil, places: [], metricCRS: Self.crs)
        let all = strongGraph.travelTimes(
            from: Array(0..<Int32(min(20, strongGraph.nodeCount))), to: Array(0..<Int32(strongGraph.nodeCount)))
        #expect(all.allSatisfy { $0.allSatisfy(\.isFinite) })
    }

    @Test func xmlReadsToTheSameNetworkAsPBF() throws {
        let dir = try TemporaryDirectory()
        let xml = dir.path("helsinki.osm")
        _ = try Self.reference("helsinki.osm.pbf", xml: xml)  // pyosmium writes the XML
        let fromPBF = try OSMRoadImport.read(path: TestPaths.osm("helsinki.osm.pbf"))
        let fromXML = try OSMRoadImport.read(path: xml)
        #expect(fromXML.summary.format == "XML")
        #expect(fromXML.summary.nodesRead == 24_260)
        #expect(fromXML.summary.waysRead == 5_130)
        #expect(fromXML.summary.highwayWays == 2_650)
        #expect(fromXML.network.links.count == fromPBF.network.links.count)
        for (a, b) in zip(fromXML.network.links, fromPBF.network.links) {
            #expect(
                a.id == b.id && a.coordinates == b.coordinates && a.roadClass.id == b.roadClass.id
                    && a.oneway == b.oneway && a.speedKmh == b.speedKmh)
        }
    }

    @Test func networkGeoJSONReadsBackToTheSameGraph() throws {
        let (network, _) = try OSMRoadImport.read(path: TestPaths.osm("test.osm.pbf"))
        let dir = try TemporaryDirectory()
        let path = dir.path("roads.geojson")
        let text = NetworkGeoJSON.text(network)
        #expect(text == NetworkGeoJSON.document(network).serialized())
        try OutputFile.write(text, to: path)
        // No dataset classes: the file declares its own.
        let back = try RoadNetworkLoader.open(path: path, spec: nil)
        #expect(back.links.count == network.links.count)
        #expect(back.interchanges.map(\.id) == network.interchanges.map(\.id))
        #expect(back.interchanges.map(\.refs) == network.interchanges.map(\.refs))
        #expect(back.options.separateExpresswayLayer == false)
        #expect(back.classes.map(\.id) == network.classes.map(\.id))
        for (a, b) in zip(back.links, network.links) {
            #expect(
                a.id == b.id && a.coordinates == b.coordinates && a.roadClass == b.roadClass && a.oneway == b.oneway
                    && a.speedKmh == b.speedKmh && a.ref == b.ref)
        }
        let ref = try Self.reference("test.osm.pbf")
        #expect(try Self.times(back, ref.samples) == Self.times(network, ref.samples))
    }

    /// Entry points are where a road can arrive at a motorway node, the same set the
    /// independent reference finds, each with its motorway's refs.
    @Test(arguments: files)
    func entryPointsMatchTheReference(file: String) throws {
        let (network, summary) = try OSMRoadImport.read(path: TestPaths.osm(file))
        #expect(summary.interchanges == network.interchanges.count)
        let ref = try Self.reference(file)
        #expect(Set(network.interchanges.map(\.location)) == Set(ref.entryPoints))
        if file == "test.osm.pbf" { #expect(network.interchanges.count == 2) }
        let motorwayPoints = Set(network.links.filter { $0.roadClass.id == "motorway" }.flatMap(\.coordinates))
        for ic in network.interchanges {
            #expect(motorwayPoints.contains(ic.location), "\(ic.id) is not on a motorway")
        }
        // Each interchange is a node of the graph, reachable from the rest of the network.
        let places = network.interchangePlaces(scenario: nil)
        let graph = try TravelGraph.build(network: network, scenario: nil, places: places, metricCRS: Self.crs)
        #expect(graph.report.interchangesUsed == network.interchanges.count)
        #expect(graph.report.interchangesDropped.isEmpty)
        #expect(Set(graph.placeNodes.keys) == Set(places.map(\.id)))
    }

    @Test func classesBoxAndComponentsOptions() throws {
        let path = TestPaths.osm("helsinki.osm.pbf")
        let all = try OSMRoadImport.read(path: path, options: OSMImportOptions(keepAllComponents: true))
        let largest = try OSMRoadImport.read(path: path)
        #expect(all.network.links.count == largest.network.links.count + largest.summary.linksInDroppedComponents)

        let major = try OSMRoadImport.read(
            path: path, options: OSMImportOptions(classes: ["primary", "secondary"], keepAllComponents: true))
        #expect(Set(major.network.links.map(\.roadClass.id)) == ["primary", "secondary"])
        #expect(major.summary.dropped.contains { $0.reason.hasPrefix("class not chosen") })

        let box = (west: 24.940, south: 60.166, east: 24.950, north: 60.175)
        let boxed = try OSMRoadImport.read(path: path, options: OSMImportOptions(bbox: box))
        #expect(!boxed.network.links.isEmpty)
        for c in boxed.network.links.flatMap(\.coordinates) {
            #expect(c.lon >= box.west && c.lon <= box.east && c.lat >= box.south && c.lat <= box.north)
        }
        #expect(boxed.summary.waysCut > 0)

        #expect(throws: OSMImportError.self) {
            try OSMRoadImport.read(path: path, options: OSMImportOptions(classes: ["footway"]))
        }
        #expect(throws: OSMImportError.self) {
            try OSMRoadImport.read(path: path, options: OSMImportOptions(bbox: (25, 60, 24, 61)))
        }
        // A box with no road in it.
        #expect(throws: OSMImportError.self) {
            try OSMRoadImport.read(path: path, options: OSMImportOptions(bbox: (10, 10, 10.1, 10.1)))
        }
    }

    @Test func maxspeedValues() {
        #expect(OSMRoadTable.maxspeed("60") == 60)
        #expect(OSMRoadTable.maxspeed("60 km/h") == 60)
        #expect(OSMRoadTable.maxspeed("30 mph") == 30 * 1.609344)
        #expect(OSMRoadTable.maxspeed("50;70") == 60)
        #expect(OSMRoadTable.maxspeed("none") == nil)
        #expect(OSMRoadTable.maxspeed("CN:urban") == nil)
        #expect(OSMRoadTable.maxspeed("walk") == nil)
        #expect(OSMRoadTable.maxspeed("0") == nil)
        #expect(OSMRoadTable.maxspeed("900") == nil)
        #expect(OSMRoadTable.maxspeed("nan") == nil)
    }

    @Test func onewayRules() {
        #expect(OSMRoadTable.direction(["highway": "primary"]) == nil)
        #expect(OSMRoadTable.direction(["highway": "primary", "oneway": "yes"]) == .forward)
        #expect(OSMRoadTable.direction(["highway": "primary", "oneway": "-1"]) == .backward)
        #expect(OSMRoadTable.direction(["highway": "motorway"]) == .forward)
        #expect(OSMRoadTable.direction(["highway": "motorway_link"]) == .forward)
        #expect(OSMRoadTable.direction(["highway": "motorway", "oneway": "no"]) == nil)
        #expect(OSMRoadTable.direction(["highway": "tertiary", "junction": "roundabout"]) == .forward)
        #expect(OSMRoadTable.direction(["highway": "tertiary", "oneway": "reversible"]) == nil)
        #expect(OSMRoadTable.exclusion(["highway": "residential", "access": "private"]) != nil)
        #expect(OSMRoadTable.exclusion(["highway": "residential", "access": "no", "motor_vehicle": "yes"]) == nil)
        #expect(OSMRoadTable.exclusion(["highway": "residential", "area": "yes"]) != nil)
        #expect(OSMRoadTable.exclusion(["highway": "residential"]) == nil)
    }

    @Test func aBackwardOnewayWayRunsAgainstItsNodeOrder() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("oneway.osm")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="hand">
          <node id="1" lat="37.0" lon="118.0"/>
          <node id="2" lat="37.0" lon="118.01"/>
          <node id="3" lat="37.0" lon="118.02"/>
          <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="oneway" v="-1"/></way>
          <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="maxspeed" v="40"/></way>
        </osm>
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let (network, summary) = try OSMRoadImport.read(path: path)
        #expect(summary.nodes == 3 && summary.links == 2)
        let w10 = try #require(network.links.first { $0.id == "w10" })
        #expect(w10.oneway && w10.coordinates.first == Coordinate(lon: 118.01, lat: 37.0))
        #expect(network.links.first { $0.id == "w11" }?.speedKmh == 40)
        let graph = try TravelGraph.build(network: network, scenario: nil, places: [], metricCRS: "EPSG:4548")
        let search = ShortestPathSearch(graph: graph)
        var node: [Double: Int32] = [:]
        for n in 0..<Int32(graph.nodeCount) { node[graph.location(ofNode: n).lon] = n }
        search.run(from: node[118.0]!)
        #expect(search.seconds(to: node[118.01]!) == .infinity)
        search.run(from: node[118.01]!)
        #expect(search.seconds(to: node[118.0]!).isFinite)
    }
}
