import Foundation
import GeoKit
import TownGraphModel

/// A fastest route between two places.
public struct Route: Sendable {
    public let origin: String
    public let destination: String
    public let seconds: Double
    public let metres: Double
    /// The route's line in WGS84, access legs included.
    public let coordinates: [Coordinate]
    /// Time and distance per segment kind: road class ids, "access" and "ramp", in order of
    /// first use along the route.
    public let byKind: [(kind: String, seconds: Double, metres: Double)]
    /// Road references used in order (G25, S7201...).
    public let refs: [String]

    public var minutes: Double { seconds / 60 }
}

extension TravelGraph {
    /// The graph node of a place, or nil when it is not attached.
    public func node(of placeId: String) -> Int32? { placeNodes[placeId] }

    /// Travel times in seconds from each origin node to each target node; `.infinity` marks a
    /// pair that cannot be reached (never zero, never a fallback). Origins are spread over
    /// `workers` threads (default: every core), each with its own search.
    public func travelTimes(
        from origins: [Int32], to targets: [Int32], cutoff: Double = .infinity,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> [[Double]] {
        if cutoff == .infinity && hierarchyPays(origins: origins.count) {
            return travelTimes(metric: customizedHierarchy(), from: origins, to: targets, workers: workers)
        }
        return Parallel.rows(
            origins.count, workers: workers, workspace: { ShortestPathSearch(graph: self) },
            row: {
                search, i in
                search.run(from: origins[i], cutoff: cutoff, recordPaths: false)
                return targets.map { search.seconds(to: $0) }
            })
    }

    /// The length of a path given by its arcs, metres.
    func metres(_ arcs: [Int32]) -> Double {
        arcs.reduce(0) { $0 + segments.length[Int(adjacency.segment[Int($1)])] }
    }

    /// Travel times in seconds and the lengths in metres of the fastest paths, from each
    /// origin node to each target node (infinity where a pair cannot be reached). Lengths
    /// include the access legs and circuity, as the times do.
    public func travelTimesAndLengths(
        from origins: [Int32], to targets: [Int32], workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> (seconds: [[Double]], metres: [[Double]]) {
        if hierarchyPays(origins: origins.count) {
            let metric = customizedHierarchy()
            let seconds = travelTimes(metric: metric, from: origins, to: targets, workers: workers)
            let metres = Parallel.rows(
                origins.count, workers: workers, workspace: { CCHSearch(metric: metric) },
                row: {
                    search, i in
                    targets.map { t in
                        search.query(from: origins[i], to: t, arcs: true).arcs.map(self.metres) ?? .infinity
                    }
                })
            return (seconds, metres)
        }
        let rows = Parallel.rows(
            origins.count, workers: workers, workspace: { ShortestPathSearch(graph: self) },
            row: {
                search, i in
                search.run(from: origins[i])
                return (
                    targets.map { search.seconds(to: $0) },
                    targets.map { search.arcs(to: $0).map(self.metres) ?? .infinity }
                )
            })
        return (rows.map(\.0), rows.map(\.1))
    }

    /// The fastest route from one node to another, or nil when unreachable.
    public func route(
        from a: Int32, to b: Int32, originId: String = "", destinationId: String = "", network: RoadNetwork? = nil
    ) -> Route? {
        let arcs: [Int32]
        let seconds: Double
        if engine == .ch {
            // Unpacked from the hierarchy's shortcuts.
            guard let found = self.arcs(metric: customizedHierarchy(), from: a, to: b) else { return nil }
            (seconds, arcs) = found
        } else {
            let search = ShortestPathSearch(graph: self)
            search.run(from: a)
            guard let found = search.arcs(to: b) else { return nil }
            (seconds, arcs) = (search.seconds(to: b), found)
        }
        var coordinates: [Coordinate] = [location(ofNode: a)]
        var metres = 0.0
        var order: [String] = []
        var bySeconds: [String: Double] = [:]
        var byMetres: [String: Double] = [:]
        var refs: [String] = []
        let linkRefs =
            network.map { Dictionary($0.links.map { ($0.id, $0.ref) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
        for arc in arcs {
            let seg = Int(adjacency.segment[Int(arc)])
            var piece = Array(segments.wgsLine(seg))
            if !adjacency.forward[Int(arc)] { piece.reverse() }
            coordinates += piece.dropFirst()
            metres += segments.length[seg]
            let kind = kindName(segments.kind[seg])
            if bySeconds[kind] == nil { order.append(kind) }
            bySeconds[kind, default: 0] += segments.time[seg]
            byMetres[kind, default: 0] += segments.length[seg]
            let link = segments.link[seg]
            if link >= 0, let ref = linkRefs[linkIds[Int(link)]] ?? nil, refs.last != ref { refs.append(ref) }
        }
        return Route(
            origin: originId, destination: destinationId, seconds: seconds, metres: metres,
            coordinates: coordinates, byKind: order.map { ($0, bySeconds[$0]!, byMetres[$0]!) }, refs: refs)
    }
}
