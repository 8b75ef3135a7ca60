import Foundation
import GeoKit
import Testing
import TownGraphFixtures

@testable import TownGraphModel
@testable import TownGraphRouting

@Suite struct TravelGraphTests {
    func graph(_ scenario: Int? = nil) throws -> TravelGraph {
        try TravelGraph.build(
            network: GraphFixture.network(), scenario: scenario, places: GraphFixture.places, metricCRS: "EPSG:4549")
    }

    @Test func buildReport() throws {
        let g = try graph()
        let r = g.report
        #expect(r.linksUsed == 15)
        #expect(r.linksNotInScenario == ["planned"])
        #expect(r.interchangesUsed == 2)
        #expect(r.components == 2)  // the grid with its expressway, and the island
        #expect(Set(r.notAttached.map(\.id)) == ["far", "nowhere"])
        #expect(r.notAttached.first { $0.id == "far" }!.reason.contains("limit 5.0 km"))
        #expect(r.attached.count == 7)
        // Rows 1..3 and columns cross at 25 grid nodes; the grid plus expressway ends and island are nodes.
        #expect(g.nodeCount > 25)
        #expect(r.kilometresByClass["expressway"]! > 15)
    }

    @Test func matrixMatchesNetworkx() throws {
        for scenario in [nil, 2035] {
            let g = try graph(scenario)
            let ids = GraphFixture.places.map(\.id).filter { g.node(of: $0) != nil }
            let nodes = ids.map { g.node(of: $0)! }
            let mine = g.travelTimes(from: nodes, to: nodes)
            let expected = try networkxMatrix(g, nodes)
            for i in nodes.indices {
                for j in nodes.indices {
                    if let e = expected[i][j] {
                        #expect(abs(mine[i][j] - e) <= 1e-6, "\(ids[i]) → \(ids[j]): \(mine[i][j]) vs networkx \(e)")
                    } else {
                        #expect(mine[i][j] == .infinity, "\(ids[i]) → \(ids[j]) must be unreachable")
                    }
                }
            }
        }
    }

    @Test func unreachableIsExplicit() throws {
        let g = try graph()
        let a = try #require(g.node(of: "a"))
        let island = try #require(g.node(of: "island-town"))
        #expect(g.travelTimes(from: [a], to: [island])[0][0] == .infinity)
        #expect(!g.connected(a, island))
        #expect(g.route(from: a, to: island) == nil)
    }

    @Test func townOnTheExpresswayCannotHopOn() throws {
        let g = try graph()
        let e = try #require(g.node(of: "on-expressway"))
        // It attaches to an ordinary road (column 2), not to the expressway.
        let attachment = try #require(g.report.attached.first { $0.placeId == "on-expressway" })
        #expect(attachment.linkId == "col2")
        // Its route to the east interchange uses ordinary roads and the ramp, and enters the
        // expressway only there.
        let route = try #require(g.route(from: e, to: g.node(of: "ic-east")!, network: GraphFixture.network()))
        #expect(route.byKind.contains { $0.kind == "ramp" })
        #expect(!route.byKind.contains { $0.kind == "expressway" })
    }

    @Test func expresswayIsUsedBetweenInterchanges() throws {
        let g = try graph()
        let route = try #require(
            g.route(from: g.node(of: "ic-west")!, to: g.node(of: "ic-east")!, network: GraphFixture.network()))
        #expect(route.byKind.map(\.kind) == ["expressway"])
        #expect(route.refs == ["G25"])
        // 4 grid steps of 0.02° at 37.35°N ≈ 7.07 km at 100 km/h ≈ 254 s.
        #expect(abs(route.metres - 7070) < 60)
        #expect(abs(route.seconds - route.metres / (100 / 3.6)) < 1e-6)
    }

    @Test func onewayIsRespected() throws {
        let g = try graph()
        let a = g.node(of: "a")!
        let c = g.node(of: "c")!
        let there = try #require(g.route(from: a, to: c, network: GraphFixture.network()))
        let back = try #require(g.route(from: c, to: a, network: GraphFixture.network()))
        #expect(there.seconds < back.seconds)
    }

    @Test func plannedLinkShortensTheScenario() throws {
        let base = try graph()
        let future = try graph(2035)
        let early = try graph(2029)
        func t(_ g: TravelGraph) -> Double { g.travelTimes(from: [g.node(of: "b")!], to: [g.node(of: "a")!])[0][0] }
        #expect(t(future) < t(base))
        #expect(t(early) == t(base))
        #expect(future.report.linksNotInScenario.isEmpty)
    }

    @Test func routeGeometryJoinsUp() throws {
        let g = try graph()
        let r = try #require(g.route(from: g.node(of: "a")!, to: g.node(of: "b")!, network: GraphFixture.network()))
        #expect(r.coordinates.first == GraphFixture.places[0].location)
        #expect(r.coordinates.last == GraphFixture.places[1].location)
        #expect(abs(r.byKind.map(\.seconds).reduce(0, +) - r.seconds) < 1e-6)
        // The length of the drawn line (without circuity) is at most the route length.
        let m = try MetricProjection(crs: "EPSG:4549")
        #expect(try m.lengthMetres(.lineString(r.coordinates)) <= r.metres + 1e-6)
    }

    @Test func snapToleranceMergesNearMisses() throws {
        var options = NetworkOptions()
        let near = [
            RoadLink(
                id: "x", roadClass: GraphFixture.classes[1], ref: nil, name: nil, speedKmh: nil, oneway: false,
                status: .existing,
                circuity: 1, modelled: false, coordinates: [GraphFixture.c(0, 0), GraphFixture.c(1, 0)], featureIndex: 0
            ),
            RoadLink(
                id: "y", roadClass: GraphFixture.classes[1], ref: nil, name: nil, speedKmh: nil, oneway: false,
                status: .existing,
                circuity: 1, modelled: false,
                coordinates: [
                    Coordinate(lon: GraphFixture.x0 + 0.02 + 0.00002, lat: GraphFixture.y0), GraphFixture.c(2, 0),
                ], featureIndex: 1),
        ]
        func components(_ tol: Double) throws -> Int {
            options.snapToleranceMetres = tol
            let n = RoadNetwork(
                description: "", source: "", classes: GraphFixture.classes, links: near, interchanges: [],
                options: options)
            return try TravelGraph.build(network: n, scenario: nil, places: [], metricCRS: "EPSG:4549").report
                .components
        }
        #expect(try components(0) == 2)  // 1.8 m apart: separate without tolerance
        #expect(try components(5) == 1)
    }
}
