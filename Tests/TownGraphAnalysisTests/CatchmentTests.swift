import Foundation
import GeoKit
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

@Suite struct CatchmentTests {
    func setup() throws -> (Dataset, RoadNetwork, TravelGraph, [Place]) {
        let d = try dongying()
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        let g = try TravelGraph.build(network: n, scenario: nil, places: d.places, metricCRS: d.metricCRS)
        let members = d.places.filter {
            ["zhuchengqu", "hekou-chengqu", "guangrao-xiancheng", "lijin-xiancheng"].contains($0.id)
        }
        return (d, n, g, members)
    }

    @Test func networkAssignmentIsTheFastestMember() throws {
        let (d, _, g, members) = try setup()
        let boundary = try GEOSGeometry(
            .multiPolygon(
                d.counties.flatMap { c -> [[[Coordinate]]] in
                    if case .polygon(let r) = c.boundary { return [r] }
                    if case .multiPolygon(let ps) = c.boundary { return ps }
                    return []
                }), in: GEOSContext()
        ).unaryUnion().value()
        let r = try g.catchments(members: members, places: d.places, boundary: boundary)
        let memberNodes = members.map { g.node(of: $0.id)! }
        let m = try MetricProjection(crs: d.metricCRS)
        for a in r.assignments {
            guard let n = g.node(of: a.place.id) else {
                #expect(a.member == nil)
                continue
            }
            // Fastest member by an independent matrix row.
            let times = g.travelTimes(from: memberNodes, to: [n]).map { $0[0] }
            let best = times.indices.min { times[$0] < times[$1] }!
            #expect(abs(a.seconds! - times[best]) < 1e-9)
            #expect(times[members.firstIndex { $0.id == a.member!.id }!] == times[best])
            // Voronoi member = nearest member in a straight line (metric CRS).
            let p = try m.project(a.place.location!)
            let dists = try members.map { try m.project($0.location!) }.map { hypot($0.x - p.x, $0.y - p.y) }
            #expect(a.voronoiMember?.id == members[dists.indices.min { dists[$0] < dists[$1] }!].id, "\(a.place.name)")
        }
        // Polygons do not overlap, and each holds its member.
        let ctx = try GEOSContext()
        let polys = try r.networkPolygons.map { try GEOSGeometry($0!, in: ctx) }
        for i in polys.indices {
            #expect(try polys[i].isValid)
            for j in polys.indices where j > i {
                #expect(try polys[i].intersection(polys[j]).area() < 1e-12)
            }
        }
        for (i, cell) in r.voronoiCells.enumerated() {
            let c = try GEOSGeometry(cell!, in: ctx)
            #expect(try c.covers(GEOSGeometry(.point(members[i].location!), in: ctx)))
        }
    }

    @Test func coverageMatchesIndependentCounts() throws {
        let (d, n, _, _) = try setup()
        let sources = n.interchangePlaces(scenario: nil)
        let g = try TravelGraph.build(network: n, scenario: nil, places: d.places + sources, metricCRS: d.metricCRS)
        let r = try g.coverage(from: sources, minutes: 30, counties: d.counties, settlements: d.settlements)
        let nodes = sources.map { g.node(of: $0.id)! }
        for row in r.rows.dropLast() {
            let county = row.county!
            let inCounty = d.settlements.filter { $0.county == county.id && $0.isLocated }
            let reached = inCounty.filter { s in
                g.travelTimes(from: nodes, to: [g.node(of: s.id)!]).map { $0[0] }.min()! <= 1800
            }
            #expect(row.settlements == inCounty.count && row.settlementsCovered == reached.count, "\(county.nameZh)")
            #expect(row.coveredKm2 <= row.areaKm2 && row.coveredKm2 > 0)
        }
        let total = r.rows.last!
        #expect(total.county == nil && total.settlements == 27)
        #expect(abs(total.areaKm2 - r.rows.dropLast().map(\.areaKm2).reduce(0, +)) < 1e-6)
    }
}
