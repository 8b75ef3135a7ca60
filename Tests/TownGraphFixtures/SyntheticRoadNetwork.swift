import Foundation
import GeoKit
import TownGraphModel

/// A synthetic road network for benchmarks and tests: a planar jittered grid of local roads
/// with gaps, every 16th row and column a trunk road, every 64th an expressway reachable only
/// at interchanges every 8 crossings, and towns scattered over the grid.
public enum SyntheticRoadNetwork {
    public static let classes = [
        RoadClass(
            id: "expressway", nameZh: "高速公路", nameEn: "expressway", speedKmh: 100, controlledAccess: true,
            attachable: false),
        RoadClass(
            id: "trunk-road", nameZh: "干线公路", nameEn: "trunk road", speedKmh: 60, controlledAccess: false,
            attachable: true),
        RoadClass(
            id: "local-road", nameZh: "地方道路", nameEn: "local road", speedKmh: 40, controlledAccess: false,
            attachable: true),
    ]

    /// A deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    /// Makes a network of about `nodes` grid nodes with `towns` towns, centred near Dongying
    /// so that EPSG:4549 measures it. `spacing` is the grid step in metres.
    public static func make(
        nodes: Int, towns: Int, seed: UInt64 = 1, spacing: Double = 300
    ) -> (network: RoadNetwork, towns: [Place]) {
        let side = max(4, Int(Double(nodes).squareRoot().rounded()))
        let lat0 = 37.0
        let lon0 = 118.0
        let mPerDegLat = 111_320.0
        let mPerDegLon = 111_320.0 * cos(lat0 * .pi / 180)
        func position(_ i: Int, _ j: Int) -> Coordinate {
            // Jitter is a pure function of the grid position, so crossing lines share vertices.
            var r = Random(state: seed &* 1_000_003 &+ UInt64(i &* 92_821 &+ j &* 68_917))
            let dx = (r.next() - 0.5) * spacing * 0.3
            let dy = (r.next() - 0.5) * spacing * 0.3
            return Coordinate(
                lon: lon0 + (Double(i) * spacing + dx) / mPerDegLon, lat: lat0 + (Double(j) * spacing + dy) / mPerDegLat
            )
        }
        var rng = Random(state: seed)
        var links: [RoadLink] = []
        var interchanges: [Interchange] = []
        func addLine(_ id: String, _ cls: Int, _ pts: [Coordinate], speed: Double?) {
            guard pts.count >= 2 else { return }
            links.append(
                RoadLink(
                    id: id, roadClass: classes[cls], ref: nil, name: nil, speedKmh: speed, oneway: false,
                    status: .existing,
                    circuity: 1, modelled: true, coordinates: pts, featureIndex: links.count))
        }
        for horizontal in [true, false] {
            for k in 0..<side {
                let point = { (t: Int) in horizontal ? position(t, k) : position(k, t) }
                if k % 64 == 32 {
                    // An expressway, offset from the grid line so that only interchanges join it.
                    let pts = (0..<side).map { t -> Coordinate in
                        let p = point(t)
                        return horizontal
                            ? Coordinate(x: p.x, y: p.y + 20 / mPerDegLat)
                            : Coordinate(x: p.x + 20 / mPerDegLon, y: p.y)
                    }
                    addLine("\(horizontal ? "h" : "v")\(k)-x", 0, pts, speed: nil)
                    for t in stride(from: 4, to: side, by: 8) {
                        interchanges.append(
                            Interchange(
                                id: "ic-\(horizontal ? "h" : "v")\(k)-\(t)", name: "IC", refs: [], location: pts[t],
                                approximate: false, status: .existing, note: nil, featureIndex: 0))
                        // A connector from the interchange to the grid node beside it.
                        addLine("\(horizontal ? "h" : "v")\(k)-c\(t)", 1, [pts[t], point(t)], speed: nil)
                    }
                }
                let trunk = k % 16 == 0
                // Local roads come in pieces with random gaps; trunk roads are continuous.
                var run: [Coordinate] = [point(0)]
                var piece = 0
                let speed = trunk ? nil : 30 + 20 * rng.next()
                for t in 1..<side {
                    if !trunk && rng.next() < 0.1 {
                        addLine("\(horizontal ? "h" : "v")\(k)-\(piece)", trunk ? 1 : 2, run, speed: speed)
                        piece += 1
                        run = [point(t)]
                    } else {
                        run.append(point(t))
                    }
                }
                addLine("\(horizontal ? "h" : "v")\(k)-\(piece)", trunk ? 1 : 2, run, speed: speed)
            }
        }
        var places: [Place] = []
        var used = Set<Int>()
        while places.count < min(towns, side * side / 2) {
            let i = Int(rng.next() * Double(side))
            let j = Int(rng.next() * Double(side))
            guard used.insert(i * side + j).inserted else { continue }
            let p = position(i, j)
            places.append(
                Place(
                    id: "town-\(places.count)", name: "T\(places.count)", kind: .settlement,
                    location: Coordinate(x: p.x + 40 / mPerDegLon, y: p.y + 30 / mPerDegLat)))
        }
        var options = NetworkOptions()
        options.interchangeToleranceMetres = 5
        options.maxAttachMetres = 2000
        let network = RoadNetwork(
            description: "synthetic grid \(side)×\(side) (seed \(seed))", source: "synthetic", classes: classes,
            links: links, interchanges: interchanges, options: options)
        return (network, places)
    }
}
