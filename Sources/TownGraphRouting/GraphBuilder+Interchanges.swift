import Foundation
import GeoKit
import JSONKit
import TownGraphModel

/// Interchanges: where a controlled-access road is entered and left. Each joins its
/// expressway vertex and, by a ramp at the ramp speed, the nearest ordinary road vertex.
extension GraphBuilder {
    /// For each interchange: its expressway cluster and, if any, its ordinary-road cluster.
    mutating func matchInterchanges() -> [String: (express: Int32, ordinary: Int32?, ramp: Double)] {
        var result: [String: (Int32, Int32?, Double)] = [:]
        let tol = options.interchangeToleranceMetres
        var grids = [PointGrid(cell: max(tol, 1)), PointGrid(cell: max(tol, 1))]
        var ids: [[Int32]] = [[], []]
        for c in clusterMetric.indices {
            let layer = clusterExpressway[c] ? 1 : 0
            _ = grids[layer].insert(x: clusterMetric[c].x, y: clusterMetric[c].y)
            ids[layer].append(Int32(c))
        }
        for ic in network.interchanges {
            guard ic.status.isIncluded(inScenario: scenario) else { continue }
            guard let p = try? projection.project(ic.location) else {
                report.interchangesDropped.append(.init(id: ic.id, reason: "cannot be projected"))
                continue
            }
            if !options.separateExpresswayLayer {
                // One layer: the interchange is the road node at its position; its ramps are
                // roads of the network.
                guard let hit = grids[0].nearest(x: p.x, y: p.y, within: tol) else {
                    report.interchangesDropped.append(
                        .init(id: ic.id, reason: "no road vertex within \(JSONValue.format(tol)) m"))
                    continue
                }
                let c = ids[0][Int(hit.index)]
                clusterIsNode[Int(c)] = true
                result[ic.id] = (c, nil, 0)
                report.interchangesUsed += 1
                continue
            }
            guard let e = grids[1].nearest(x: p.x, y: p.y, within: tol) else {
                report.interchangesDropped.append(
                    .init(id: ic.id, reason: "no expressway vertex within \(JSONValue.format(tol)) m"))
                continue
            }
            let express = ids[1][Int(e.index)]
            clusterIsNode[Int(express)] = true
            var ordinary: Int32?
            var ramp = 0.0
            if let o = grids[0].nearest(x: p.x, y: p.y, within: tol) {
                ordinary = ids[0][Int(o.index)]
                clusterIsNode[Int(ordinary!)] = true
                let a = clusterMetric[Int(express)]
                let b = clusterMetric[Int(ordinary!)]
                ramp = hypot(a.x - b.x, a.y - b.y)
            } else {
                report.interchangesDropped.append(
                    .init(
                        id: ic.id,
                        reason:
                            "no ordinary road within \(JSONValue.format(tol)) m: the expressway cannot be entered here (kept as a destination)"
                    ))
            }
            result[ic.id] = (express, ordinary, ramp)
            report.interchangesUsed += 1
        }
        return result.mapValues { (express: $0.0, ordinary: $0.1, ramp: $0.2) }
    }

    mutating func addRamps(_ interchanges: [String: (express: Int32, ordinary: Int32?, ramp: Double)]) {
        for (_, m) in interchanges.sorted(by: { $0.key < $1.key }) {
            guard let ordinary = m.ordinary else { continue }
            let a = node(forCluster: m.express)
            let b = node(forCluster: ordinary)
            segments.append(
                from: b, to: a, length: m.ramp, speedKmh: options.rampSpeedKmh, circuity: 1,
                kind: RoadSegments.rampKind, link: -1,
                oneway: false, wgs: [nodeLocation[Int(b)], nodeLocation[Int(a)]],
                metric: [nodeMetric[Int(b)], nodeMetric[Int(a)]])
        }
    }
}
