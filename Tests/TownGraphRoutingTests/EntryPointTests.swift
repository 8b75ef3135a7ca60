import Foundation
import GeoKit
import TestSupport
import Testing

@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

/// Entering the expressway network on a hand-made OpenStreetMap file
/// (Tests/Fixtures/osm/entry-points.osm), where the answer is worked out by hand.
@Suite struct EntryPointTests {
    /// Ellipsoidal lengths at lat 36.99-37.00 (WGS84): one degree of longitude along lat 36.99
    /// is N·cos φ·π/180 = 89,018 m, one degree of latitude M·π/180 = 110,980 m.
    static let metresPerDegreeLon = 89_018.0
    static let metresPerDegreeLat = 110_980.0

    @Test func onlyTheOnRampIsAnEntryPointAndTheTimeIsWorkedOutByHand() throws {
        let (network, _) = try OSMRoadImport.read(path: TestPaths.osm("entry-points.osm"))
        // The off-ramp's node m2 is an exit: nobody arrives at the motorway there. The
        // on-ramp's node m4 is the one entry point, named after 东互通 1.8 km away, with G99.
        #expect(network.interchanges.map(\.id) == ["n4"])
        let entry = try #require(network.interchanges.first)
        #expect(entry.name == "东互通" && entry.refs == ["G99"])
        #expect(entry.location == Coordinate(lon: 118.08, lat: 37.00))

        // A town 0.005° south of r1: access leg 555 m at 30 km/h, R from r1 to r4
        // (0.08° of longitude) at 60 km/h, the ramp r4 → m4 (0.01° of latitude) at 50 km/h.
        let town = Place(id: "town", name: "town", kind: .settlement, location: Coordinate(lon: 118.00, lat: 36.985))
        let places = [town] + network.interchangePlaces(scenario: nil)
        let graph = try TravelGraph.build(network: network, scenario: nil, places: places, metricCRS: "EPSG:4549")
        let hand =
            0.005 * Self.metresPerDegreeLat / (30 / 3.6) + 0.08 * Self.metresPerDegreeLon / (60 / 3.6) + 0.01
            * Self.metresPerDegreeLat / (50 / 3.6)
        let m2 = try #require(
            (0..<Int32(graph.nodeCount)).first { graph.location(ofNode: $0) == Coordinate(lon: 118.02, lat: 37.00) })
        let t = graph.travelTimes(
            from: [try #require(graph.node(of: "town"))], to: [try #require(graph.node(of: "n4")), m2])[0]
        // The Gauss-Krüger zone's scale (2° from its meridian) adds under 0.05 %.
        #expect(abs(t[0] - hand) < 0.0005 * hand, "\(t[0]) s against \(hand) s by hand")
        // The exit at m2 lies upstream on a one-way motorway that nothing enters before it.
        #expect(t[1] == .infinity)
    }
}
