import Foundation
import GeoKit
import TownGraphModel

/// A small hand-made network near Dongying (EPSG:4549): a 5×5 grid of county roads with
/// 0.02° spacing, an expressway along the middle row's latitude with two interchanges,
/// a one-way link, a planned link and a detached island road.
public enum GraphFixture {
    public static let classes = [
        RoadClass(
            id: "expressway", nameZh: "高速公路", nameEn: "expressway", speedKmh: 100, controlledAccess: true,
            attachable: false),
        RoadClass(
            id: "county-road", nameZh: "县道", nameEn: "county road", speedKmh: 40, controlledAccess: false,
            attachable: true),
        RoadClass(
            id: "trunk-road", nameZh: "普通干线公路", nameEn: "trunk road", speedKmh: 60, controlledAccess: false,
            attachable: true),
    ]
    public static let x0 = 118.40, y0 = 37.30, step = 0.02

    public static func c(_ i: Double, _ j: Double) -> Coordinate { Coordinate(lon: x0 + i * step, lat: y0 + j * step) }

    public static func network(options: NetworkOptions = NetworkOptions()) -> RoadNetwork {
        var links: [RoadLink] = []
        func link(
            _ id: String, _ cls: Int, _ cs: [Coordinate], speed: Double? = nil, oneway: Bool = false,
            status: LinkStatus = .existing, circuity: Double = 1, ref: String? = nil
        ) {
            links.append(
                RoadLink(
                    id: id, roadClass: classes[cls], ref: ref, name: nil, speedKmh: speed, oneway: oneway,
                    status: status, circuity: circuity, modelled: true, coordinates: cs, featureIndex: links.count))
        }
        // Grid rows and columns as multi-vertex lines (noding must split them at crossings).
        for j in 0..<5 { link("row\(j)", 1, (0..<5).map { c(Double($0), Double(j)) }, circuity: 1.2) }
        for i in 0..<5 { link("col\(i)", 1, (0..<5).map { c(Double(i), Double($0)) }, speed: i == 2 ? 50 : nil) }
        // The expressway runs a little north of row 2, from west of the grid to east of it,
        // through interchange points at columns 0 and 4; its vertices are not grid vertices.
        link("g25", 0, [c(-2, 2.3), c(0, 2.3), c(2, 2.3), c(4, 2.3), c(7, 2.3)], ref: "G25")
        // Short connectors from the interchanges down to the grid.
        link("conn-w", 2, [c(0, 2.3), c(0, 2)])
        link("conn-e", 2, [c(4, 2.3), c(4, 2)])
        // A one-way diagonal shortcut, south-west to north-east only.
        link("oneway", 2, [c(0, 0), c(1, 1)], oneway: true)
        // A planned fast link from the far corners, due 2030.
        link("planned", 2, [c(0, 0), c(4, 4)], speed: 120, status: .planned(year: 2030))
        // An island road with no connection.
        link("island", 1, [c(8, 8), c(9, 8)])
        let interchanges = [
            Interchange(
                id: "ic-west", name: "西互通", refs: ["G25"], location: c(0, 2.3), approximate: true, status: .existing,
                note: nil, featureIndex: 100),
            Interchange(
                id: "ic-east", name: "东互通", refs: ["G25"], location: c(4, 2.3), approximate: true, status: .existing,
                note: nil, featureIndex: 101),
        ]
        return RoadNetwork(
            description: "test grid", source: "memory", classes: classes, links: links, interchanges: interchanges,
            options: options)
    }

    public static let places: [Place] = [
        Place(id: "a", name: "A", kind: .settlement, location: c(0.1, 0.05)),
        Place(id: "b", name: "B", kind: .settlement, location: c(3.9, 3.95)),
        Place(id: "c", name: "C", kind: .settlement, location: c(2.5, 1.02)),
        // On the expressway line, between interchanges: must not hop on.
        Place(id: "on-expressway", name: "E", kind: .settlement, location: c(2, 2.3)),
        Place(id: "island-town", name: "I", kind: .settlement, location: c(8.5, 8.01)),
        Place(id: "far", name: "F", kind: .settlement, location: c(30, 30)),
        Place(id: "nowhere", name: "N", kind: .settlement, location: nil),
        Place(id: "ic-west", name: "西互通", kind: .interchange, location: c(0, 2.3)),
        Place(id: "ic-east", name: "东互通", kind: .interchange, location: c(4, 2.3)),
    ]
}
