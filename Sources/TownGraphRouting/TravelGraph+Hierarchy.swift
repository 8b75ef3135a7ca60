import Foundation

/// Which search answers a graph's travel-time tables.
public enum RoutingEngine: String, Sendable, CaseIterable {
    /// The contraction hierarchy when the table is large enough to pay for building it
    /// (``TravelGraph/hierarchyPays(origins:)``), else Dijkstra.
    case auto
    /// One Dijkstra search per origin.
    case dijkstra
    /// The customizable contraction hierarchy (``ContractionHierarchy``).
    case ch
}

/// Where a hierarchy's node order is kept between runs, by the key of the graph's topology
/// (``TravelGraph/topologyKey()``); the input module keeps it in files beside the dataset.
public protocol HierarchyOrderStore: Sendable {
    /// The order saved under `key`, if any (it is checked before use).
    func order(forKey key: String, nodeCount: Int) -> [Int32]?
    func save(_ order: [Int32], forKey key: String)
}

/// The hierarchy of a graph (order and contraction) and its customization for the graph's
/// own times, each built once under its own lock and then shared; a re-customization for
/// other times reuses the hierarchy without customizing the graph's own.
package final class HierarchyCache: Sendable {
    private let hierarchy = BuiltOnce<ContractionHierarchy>()
    private let metric = BuiltOnce<CCHMetric>()

    func hierarchy(_ make: () -> ContractionHierarchy) -> ContractionHierarchy { hierarchy.get(make) }

    func metric(_ make: () -> CCHMetric) -> CCHMetric { metric.get(make) }
}

extension TravelGraph {
    /// The node positions a hierarchy's order splits by: longitude scaled by the cosine of
    /// the latitude, and latitude.
    package func orderCoordinates() -> (x: [Double], y: [Double]) {
        let lat0 = nodeLocation.isEmpty ? 0 : nodeLocation.map(\.lat).reduce(0, +) / Double(nodeLocation.count)
        let k = cos(lat0 * .pi / 180)
        return (nodeLocation.map { $0.lon * k }, nodeLocation.map(\.lat))
    }

    /// The graph's contraction hierarchy (order and contraction, independent of the times),
    /// built on first use. On graphs of at least ``cachedOrderNodes`` nodes the order comes
    /// from the graph's ``orderStore`` when it holds one for this topology, and is saved there
    /// when computed.
    public func contractionHierarchy() -> ContractionHierarchy {
        hierarchyCache.hierarchy {
            let (x, y) = orderCoordinates()
            let store = nodeCount >= Self.cachedOrderNodes ? orderStore : nil
            let key = store.map { _ in topologyKey() }
            let cached = key.flatMap { store?.order(forKey: $0, nodeCount: nodeCount) }
            let h = ContractionHierarchy(
                nodeCount: nodeCount, offsets: adjacency.offsets, targets: adjacency.target, x: x, y: y, order: cached)
            if let key, let store, cached != h.nodeAt { store.save(h.nodeAt, forKey: key) }
            return h
        }
    }

    /// The hierarchy customized for the graph's own arc times, built on first use.
    public func customizedHierarchy() -> CCHMetric {
        hierarchyCache.metric { CCHMetric(hierarchy: contractionHierarchy(), weights: adjacency.time) }
    }

    /// Graphs this large keep their hierarchy's order in the ``orderStore`` (below, computing
    /// it takes less than reading a file).
    public static let cachedOrderNodes = 50_000

    /// A 64-bit FNV-1a digest of the graph's topology and node positions (what the order
    /// depends on), as 16 hex digits.
    public func topologyKey() -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            var x = v
            for _ in 0..<8 {
                h = (h ^ (x & 0xff)) &* 0x100_0000_01b3
                x >>= 8
            }
        }
        mix(UInt64(nodeCount))
        for o in adjacency.offsets { mix(UInt64(UInt32(bitPattern: o))) }
        for t in adjacency.target { mix(UInt64(UInt32(bitPattern: t))) }
        for c in nodeLocation {
            mix(c.lon.bitPattern)
            mix(c.lat.bitPattern)
        }
        return String(h, radix: 16).leftPadded(to: 16)
    }

    /// The hierarchy customized for other times: `weight` gives each arc's seconds from its
    /// segment's class index (-1 for access legs, -2 for ramps) and its own time in this graph
    /// (infinity closes the arc). The order and contraction are reused.
    public func recustomized(_ weight: (_ kind: Int32, _ seconds: Double) -> Double) -> CCHMetric {
        let h = contractionHierarchy()
        let w = (0..<adjacency.arcCount).map { a in
            weight(Int32(segments.kind[Int(adjacency.segment[a])]), adjacency.time[a])
        }
        return CCHMetric(hierarchy: h, weights: w)
    }

    /// The hierarchy customized for the classes' speeds at `fraction` of their ranges (0: the
    /// low ends, 1: the high ends; classes without a range keep their speed), with each time
    /// computed as the graph builder computes it for ``RoadNetwork/atSpeedFraction(_:)``, so
    /// that the times equal those of a graph built at those speeds.
    public func recustomized(atSpeedFraction fraction: Double) -> CCHMetric {
        let h = contractionHierarchy()
        let weights = (0..<adjacency.arcCount).map { a -> Double in
            let s = Int(adjacency.segment[a])
            let k = Int(segments.kind[s])
            guard k >= 0, classes[k].speedRangeKmh != nil else { return adjacency.time[a] }
            let c = classes[k]
            let target = c.speed(atFraction: fraction)
            let own = segments.speedKmh[s]
            let speed = own == c.speedKmh ? target : own * target / c.speedKmh
            return segments.length[s] / (speed / 3.6)
        }
        return CCHMetric(hierarchy: h, weights: weights)
    }

    /// Whether a table with this many origins is worth the hierarchy under ``RoutingEngine/auto``:
    /// the graph has at least 50,000 nodes and the table at least 200 origins (measured on
    /// the routing benchmark's networks: below that, building the hierarchy costs more than
    /// the searches it saves), or the hierarchy is already built.
    public func hierarchyPays(origins: Int) -> Bool {
        switch engine {
        case .dijkstra: return false
        case .ch: return true
        case .auto: return nodeCount >= 50_000 && origins >= 200
        }
    }

    /// A travel-time table through a customized hierarchy (``CCHSearch/table(metric:from:to:workers:)``),
    /// on `workers` threads.
    public func travelTimes(
        metric: CCHMetric, from origins: [Int32], to targets: [Int32],
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> [[Double]] {
        CCHSearch.table(metric: metric, from: origins, to: targets, workers: workers)
    }

    /// The input arcs of the fastest route through a customized hierarchy, or nil when
    /// unreachable.
    public func arcs(metric: CCHMetric, from a: Int32, to b: Int32) -> (seconds: Double, arcs: [Int32])? {
        let r = CCHSearch(metric: metric).query(from: a, to: b, arcs: true)
        guard r.seconds.isFinite, let arcs = r.arcs else { return nil }
        return (r.seconds, arcs)
    }
}

/// Seconds from a set of sources to every node, infinity beyond the cutoff or where
/// unreachable: what reach, isochrones and coverage read, from either engine.
public struct NodeTimes: Sendable {
    public let seconds: [Double]
    public func callAsFunction(_ node: Int32) -> Double { seconds[Int(node)] }
}

extension TravelGraph {
    /// Seconds from the nearest of `sources` to every node within `cutoff`: a Dijkstra search,
    /// or with the ``RoutingEngine/ch`` engine one PHAST sweep per source. Under
    /// ``RoutingEngine/auto`` it is Dijkstra: a search cut off at the largest limit scans only
    /// the area it reaches, while a sweep scans the whole hierarchy.
    public func times(fromAny sources: [Int32], cutoff: Double = .infinity) -> NodeTimes {
        if engine == .ch {
            let search = CCHSearch(metric: customizedHierarchy())
            var best = [Double](repeating: .infinity, count: nodeCount)
            for s in Set(sources).sorted() {
                let d = search.oneToAll(from: s)
                for v in 0..<nodeCount where d[v] < best[v] { best[v] = d[v] }
            }
            for v in 0..<nodeCount where best[v] > cutoff { best[v] = .infinity }
            return NodeTimes(seconds: best)
        }
        let search = ShortestPathSearch(graph: self)
        search.run(fromAny: sources, cutoff: cutoff, recordPaths: false)
        return NodeTimes(seconds: (0..<Int32(nodeCount)).map { search.seconds(to: $0) })
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
