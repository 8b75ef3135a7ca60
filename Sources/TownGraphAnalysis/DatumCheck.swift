import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// Whether a dataset's points look like GCJ-02, the offset datum of Chinese web maps: read as
/// WGS84, such points sit a few hundred metres off the roads they lie on. The check attaches
/// the located places to the network as they are and as moved from GCJ-02 to WGS84, and
/// compares the median distance to the nearest road.
public struct DatumCheck: Sendable {
    public let places: Int
    /// Median distance to the nearest attachable road, as given and as moved back from GCJ-02.
    public let medianMetres: Double
    public let medianIfGCJ02Metres: Double

    /// The points fit the roads markedly better as GCJ-02: at most half the distance, and
    /// 150 m closer, over at least five places.
    public var looksLikeGCJ02: Bool {
        places >= 5 && medianIfGCJ02Metres <= medianMetres / 2 && medianMetres - medianIfGCJ02Metres >= 150
    }

    public static func run(dataset: Dataset, network: RoadNetwork) throws -> DatumCheck {
        let located = dataset.places.filter { $0.location != nil && $0.kind != .interchange }
        let moved = located.map {
            Place(id: $0.id, name: $0.name, kind: $0.kind, location: $0.location.map(GCJ02.toWGS84))
        }
        func median(_ places: [Place]) throws -> (Int, Double) {
            let g = try TravelGraph.build(network: network, scenario: nil, places: places, metricCRS: dataset.metricCRS)
            let d = g.report.attached.map(\.snapMetres).sorted()
            return (d.count, d.isEmpty ? 0 : d[d.count / 2])
        }
        let (n, a) = try median(located)
        let (_, b) = try median(moved)
        return DatumCheck(places: n, medianMetres: a, medianIfGCJ02Metres: b)
    }

    /// A warning for standard error, or nil.
    public var warning: String? {
        guard looksLikeGCJ02 else { return nil }
        return String(
            format:
                "the places lie a median %.0f m from the nearest road, but %.0f m if read as GCJ-02 (a Chinese web map's datum): if they come from Amap or Tencent maps, set datum: gcj02 on the layer in dataset.yaml",
            medianMetres, medianIfGCJ02Metres)
    }
}
