import Foundation
import GeoKit
import Testing
import TownGraphFixtures

@testable import TownGraphModel
@testable import TownGraphRouting

/// A network for another part of the world, and places far from any road.
@Suite struct FarNetworkTests {
    @Test func networkFarOutsideTheMetricCRSIsAnError() throws {
        // The test grid moved 180° of longitude: EPSG:4549 (120°E) would measure it as
        // a few hundred km away instead of about 18,000.
        let near = GraphFixture.network()
        let links = near.links.map { l in
            RoadLink(
                id: l.id, roadClass: l.roadClass, ref: l.ref, name: l.name, speedKmh: l.speedKmh, oneway: l.oneway,
                status: l.status, circuity: l.circuity, modelled: l.modelled,
                coordinates: l.coordinates.map { Coordinate(lon: $0.lon - 180, lat: $0.lat) },
                featureIndex: l.featureIndex)
        }
        let far = RoadNetwork(
            description: "far", source: "memory", classes: near.classes, links: links, interchanges: [],
            options: near.options)
        #expect { _ = try TravelGraph.build(network: far, scenario: nil, places: [], metricCRS: "EPSG:4549") } throws: {
            "\($0)".contains(
                "network feature 0 (id \"row0\") lies 180° outside the area of use of the dataset's metric CRS EPSG:4549"
            )
        }
    }

    @Test func farPlacesAreToldApartFromNearMisses() throws {
        let graph = try TravelGraph.build(
            network: GraphFixture.network(), scenario: nil, places: GraphFixture.places, metricCRS: "EPSG:4549")
        // "far" lies about 30 × 2 km beyond the 5 km limit: not a question of the limit.
        let far = graph.report.notAttached.first { $0.id == "far" }?.reason
        #expect(far?.contains("raise network.max_attach_m") == true, "\(far ?? "")")
        let swapped = try TravelGraph.build(
            network: GraphFixture.network(), scenario: nil,
            places: [Place(id: "s", name: "S", kind: .settlement, location: Coordinate(lon: 37.3, lat: 18.4))],
            metricCRS: "EPSG:4549")
        #expect(swapped.report.notAttached.first?.reason.contains("look swapped or lie outside the network") == true)
    }
}
