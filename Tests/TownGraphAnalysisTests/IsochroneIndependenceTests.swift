import Foundation
import GeoKit
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphModel
@testable import TownGraphRouting

/// An origin's isochrones do not depend on what else the same command computes.
@Suite struct IsochroneIndependenceTests {
    @Test func otherPlacesAccessLegsAreNotPartOfAnOriginsArea() throws {
        let a = GraphFixture.places.first { $0.id == "a" }!
        // A place 890 m off the county road of row 1, within a few minutes of a: its access
        // leg is a spur that exists only because it is on the graph too.
        let spur = Place(id: "spur", name: "S", kind: .settlement, location: GraphFixture.c(1.5, 1.4))
        let alone = try TravelGraph.build(
            network: GraphFixture.network(), scenario: nil, places: [a], metricCRS: "EPSG:4549")
        let together = try TravelGraph.build(
            network: GraphFixture.network(), scenario: nil, places: [a, spur], metricCRS: "EPSG:4549")
        #expect(together.report.attached.contains { $0.placeId == "spur" && $0.snapMetres > 800 })
        let one = try alone.isochrones(from: ["a"], minutes: [5, 10])
        let two = try together.isochrones(from: ["a"], minutes: [5, 10])
        let context = try GEOSContext()
        for (x, y) in zip(one, two) {
            #expect(
                abs(x.areaKm2 - y.areaKm2) < 1e-6 * x.areaKm2, "\(x.minutes) min: \(x.areaKm2) against \(y.areaKm2) km²"
            )
            let gx = try GEOSGeometry(x.polygon, in: context)
            let gy = try GEOSGeometry(y.polygon, in: context)
            // In square degrees: 1e-9 is about 10 m².
            #expect(try gx.difference(gy).area() + gy.difference(gx).area() < 1e-9, "\(x.minutes) min")
        }
        // The origin's own access leg still counts.
        #expect(try together.isochrones(from: ["spur"], minutes: [5])[0].areaKm2 > 0)
    }
}
