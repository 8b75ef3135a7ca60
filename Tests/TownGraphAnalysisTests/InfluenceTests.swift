import Foundation
import GeoKit
import TestSupport
import Testing
import TownGraphFixtures
import TownGraphInput

@testable import TownGraphAnalysis
@testable import TownGraphModel
@testable import TownGraphRouting

/// Spheres of influence and breaking points on Dongying, checked against networkx's times
/// and the formulas written out plainly.
@Suite struct InfluenceTests {
    @Test func assignmentsAndBreakingPointsFollowTheFormulas() throws {
        let d = try dongying()
        let network = try NetworkSource.open(for: d, file: nil)
        let sizes = try TownSizes(dataset: d, economicAttribute: nil)
        let result = try Queries.influence(
            dataset: d, network: network, scenario: nil, centres: PlaceSelection(parsing: ["level=county-centre"]),
            towns: PlaceSelection(parsing: ["all"]), exponent: 2, sizes: sizes)
        #expect(result.centres.count == 5 && result.assignments.count == 27)

        // The same graph, and networkx's minutes from each centre to each town.
        let places =
            result.assignments.map(\.town)
            + result.centres.filter { c in !result.assignments.contains { $0.town.id == c.id } }
        let graph = try TravelGraph.build(network: network, scenario: nil, places: places, metricCRS: d.metricCRS)
        let nodes =
            result.centres.map { graph.node(of: $0.id)! } + result.assignments.map { graph.node(of: $0.town.id)! }
        let seconds = try networkxMatrix(graph, nodes)
        let c = result.centres.count
        for (i, a) in result.assignments.enumerated() {
            var best: (Int, Double)?
            var nearest: (Int, Double)?
            for k in 0..<c {
                guard let s = seconds[k][c + i] else { continue }
                let t = s / 60
                let score = t > 0 ? sizes.population[result.centres[k].id]! / (t * t) : .infinity
                if best == nil || score > best!.1 { best = (k, score) }
                if nearest == nil || t < nearest!.1 { nearest = (k, t) }
            }
            #expect(a.centre?.id == result.centres[best!.0].id, "\(a.town.id)")
            #expect(a.nearest?.id == result.centres[nearest!.0].id, "\(a.town.id)")
            #expect(abs(a.minutes! - seconds[best!.0][c + i]! / 60) < 1e-9)
        }
        // Breaking points: the formula, and the point lies on the fastest route from A to B.
        #expect(!result.breakingPoints.isEmpty)
        let projection = try MetricProjection(crs: d.metricCRS)
        for p in result.breakingPoints {
            let pa = sizes.population[p.a.id]!
            let pb = sizes.population[p.b.id]!
            #expect(abs(p.minutesFromA - p.minutesAB / (1 + (pb / pa).squareRoot())) < 1e-9)
            let ka = result.centres.firstIndex { $0.id == p.a.id }!
            let kb = result.centres.firstIndex { $0.id == p.b.id }!
            #expect(abs(p.minutesAB - seconds[ka][kb]! / 60) < 1e-9)
            let route = try #require(graph.route(from: graph.node(of: p.a.id)!, to: graph.node(of: p.b.id)!))
            let metres = try projection.distanceMetres(.lineString(route.coordinates), .point(p.location))
            #expect(metres < 1, "\(p.a.id)–\(p.b.id): \(metres) m off the route")
        }
        // Equal sizes split the route in the middle.
        let equal = TownSizes(
            population: Dictionary(uniqueKeysWithValues: result.centres.map { ($0.id, 1000.0) }), economic: nil,
            note: "")
        let halves = try Queries.influence(
            dataset: d, network: network, scenario: nil, centres: PlaceSelection(parsing: ["level=county-centre"]),
            towns: PlaceSelection(parsing: ["all"]), exponent: 2, sizes: equal)
        #expect(halves.breakingPoints.allSatisfy { abs($0.minutesFromA - $0.minutesAB / 2) < 1e-9 })
        // The areas partition the network: no two overlap.
        let context = try GEOSContext()
        let areas = try result.areas.compactMap { try $0.map { try GEOSGeometry($0, in: context) } }
        #expect(areas.count == 5)
        for i in areas.indices {
            for j in areas.indices where j > i { #expect(try areas[i].intersection(areas[j]).area() < 1e-10) }
        }
    }
}
