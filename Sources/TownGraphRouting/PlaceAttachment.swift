import Foundation
import GeoKit
import TownGraphModel

/// Attaching places to the road: each located place joins the nearest point of an
/// attachable road by an access leg, the road being split there.
extension GraphBuilder {
    struct Snap {
        let place: Int
        let segment: Int
        let piece: Int  // index of the first coordinate of the piece within the segment
        let offset: Double  // geometric distance from the segment start, metres
        let point: Coordinate  // metric
        let distance: Double
    }

    /// The closest point of a segment's polyline to `p`.
    func closest(on seg: Int, to p: Coordinate) -> (distance: Double, piece: Int, offset: Double, point: Coordinate) {
        var best = (distance: Double.infinity, piece: 0, offset: 0.0, point: p)
        var along = 0.0
        let line = segments.metricLine(seg)
        let s = line.startIndex
        for i in s..<(line.endIndex - 1) {
            let a = line[i]
            let b = line[i + 1]
            let dx = b.x - a.x
            let dy = b.y - a.y
            let len2 = dx * dx + dy * dy
            let t = len2 > 0 ? max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0
            let q = Coordinate(x: a.x + t * dx, y: a.y + t * dy)
            let d = hypot(p.x - q.x, p.y - q.y)
            let len = len2.squareRoot()
            if d < best.distance { best = (d, i - s, along + t * len, q) }
            along += len
        }
        return best
    }

    mutating func attach(
        _ places: [Place], interchangeNodes: [String: (express: Int32, ordinary: Int32?, ramp: Double)]
    ) throws -> [String: Int32] {
        var placeNodes: [String: Int32] = [:]
        var snaps: [Snap] = []
        let candidates = segments.indices.filter { i in
            segments.kind[i] >= 0 && network.classes[Int(segments.kind[i])].attachable
        }
        let located = places.enumerated().filter { $0.element.location != nil && $0.element.kind != .interchange }
        if !located.isEmpty && candidates.isEmpty {
            for (_, p) in located {
                report.notAttached.append(.init(id: p.id, reason: "the network has no road a settlement may attach to"))
            }
        }
        var grid: SegmentGrid?
        if !candidates.isEmpty && !located.isEmpty {
            grid = SegmentGrid(lines: candidates.map { segments.metricLine($0) })
        }
        for (pi, place) in places.enumerated() {
            if place.kind == .interchange {
                if let m = interchangeNodes[place.id] {
                    placeNodes[place.id] = node(forCluster: m.express)
                    report.attached.append(.init(placeId: place.id, snapMetres: 0, linkId: nil))
                } else {
                    report.notAttached.append(
                        .init(id: place.id, reason: "interchange not on the network in this scenario"))
                }
                continue
            }
            guard let location = place.location else {
                report.notAttached.append(.init(id: place.id, reason: "not located"))
                continue
            }
            guard let grid else { continue }
            let p = try projection.project(location)
            guard let hit = grid.nearest(to: p, distance: { closest(on: candidates[$0], to: p).distance }) else {
                continue
            }
            let seg = candidates[hit.index]
            let c = closest(on: seg, to: p)
            if c.distance > options.maxAttachMetres {
                report.notAttached.append(
                    .init(
                        id: place.id,
                        reason: Self.tooFar(c.distance, limit: options.maxAttachMetres)))
                continue
            }
            snaps.append(
                Snap(place: pi, segment: seg, piece: c.piece, offset: c.offset, point: c.point, distance: c.distance))
        }
        // Split each segment at its snap points, in order along it.
        let bySegment = Dictionary(grouping: snaps, by: \.segment)
        for seg in bySegment.keys.sorted() {
            let list = bySegment[seg]!.sorted { ($0.offset, $0.place) < ($1.offset, $1.place) }
            let snapNodes = split(seg, at: list)
            for (snap, snapNode) in zip(list, snapNodes) {
                let place = places[snap.place]
                let pn = Int32(nodeLocation.count)
                nodeLocation.append(place.location!)
                nodeMetric.append(try projection.project(place.location!))
                segments.append(
                    from: pn, to: snapNode, length: snap.distance, speedKmh: options.accessSpeedKmh, circuity: 1,
                    kind: RoadSegments.accessKind,
                    link: -1, oneway: false, wgs: [place.location!, nodeLocation[Int(snapNode)]],
                    metric: [nodeMetric[Int(pn)], nodeMetric[Int(snapNode)]])
                placeNodes[place.id] = pn
                report.attached.append(
                    .init(placeId: place.id, snapMetres: snap.distance, linkId: links[Int(segments.link[seg])].id))
            }
        }
        report.attached.sort { $0.placeId < $1.placeId }
        return placeNodes
    }

    /// Splits segment `seg` at the snaps (sorted by offset); returns the node at each snap.
    /// The original segment is rewritten as the first part; further parts are appended.
    mutating func split(_ seg: Int, at snaps: [Snap]) -> [Int32] {
        let geometric = segments.length[seg] / segments.circuity[seg]
        let epsilon = 1e-6
        var nodes: [Int32] = []
        var cuts: [(offset: Double, piece: Int, point: Coordinate, node: Int32)] = []
        for snap in snaps {
            if snap.offset <= epsilon {
                nodes.append(segments.from[seg])
                continue
            }
            if snap.offset >= geometric - epsilon {
                nodes.append(segments.to[seg])
                continue
            }
            if let last = cuts.last, abs(last.offset - snap.offset) <= epsilon {
                nodes.append(last.node)
                continue
            }
            let n = Int32(nodeLocation.count)
            nodeMetric.append(snap.point)
            nodeLocation.append(
                (try? projection.unproject(.point(snap.point)).allCoordinates.first) ?? segments.wgsLine(seg).dropFirst(
                    snap.piece
                ).first!)
            cuts.append((snap.offset, snap.piece, snap.point, n))
            nodes.append(n)
        }
        guard !cuts.isEmpty else { return nodes }
        // Pieces of the polyline between consecutive cut points.
        let wgsAll = Array(segments.wgsLine(seg))
        let metricAll = Array(segments.metricLine(seg))
        var boundaries: [(node: Int32, offset: Double, piece: Int, wgs: Coordinate, metric: Coordinate)] =
            [(segments.from[seg], 0, 0, wgsAll[0], metricAll[0])]
        for c in cuts { boundaries.append((c.node, c.offset, c.piece, nodeLocation[Int(c.node)], c.point)) }
        boundaries.append((segments.to[seg], geometric, metricAll.count - 2, wgsAll.last!, metricAll.last!))
        let kind = segments.kind[seg]
        let link = segments.link[seg]
        let oneway = segments.oneway[seg]
        let circuity = segments.circuity[seg]
        let speed = segments.speedKmh[seg]
        for k in 0..<(boundaries.count - 1) {
            let a = boundaries[k]
            let b = boundaries[k + 1]
            // Coordinates: the start point, the interior vertices between the two pieces, the end point.
            var w: [Coordinate] = [a.wgs]
            var m: [Coordinate] = [a.metric]
            let firstInterior = k == 0 ? 1 : a.piece + 1
            let lastInterior = k == boundaries.count - 2 ? metricAll.count - 2 : b.piece
            if firstInterior <= lastInterior {
                w += wgsAll[firstInterior...lastInterior]
                m += metricAll[firstInterior...lastInterior]
            }
            w.append(b.wgs)
            m.append(b.metric)
            let length = (b.offset - a.offset) * circuity
            if k == 0 {
                // Rewrite the original segment in place as the first part.
                segments.shorten(seg, to: b.node, length: length, wgs: w, metric: m)
            } else {
                segments.append(
                    from: a.node, to: b.node, length: length, speedKmh: speed, circuity: circuity, kind: kind,
                    link: link,
                    oneway: oneway, wgs: w[...], metric: m[...])
            }
        }
        return nodes
    }

    /// Why a place is too far from every road: a little past the limit, the limit may be
    /// too tight; far past it, the place is not where the network is.
    static func tooFar(_ metres: Double, limit: Double) -> String {
        let base = String(format: "nearest road is %.1f km away (limit %.1f km)", metres / 1000, limit / 1000)
        if metres > max(100_000, 20 * limit) {
            return base + ": the coordinates look swapped or lie outside the network"
        }
        return base + ": raise network.max_attach_m in dataset.yaml, or add the missing road"
    }
}
