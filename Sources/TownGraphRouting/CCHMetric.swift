import Foundation

/// A contraction hierarchy customized for one set of arc weights (seconds): a speed set, a
/// speed-range end, or a scenario expressed as weights (an arc absent in it weighs infinity).
/// Customizing again for other weights reuses the order and the contraction.
public final class CCHMetric: Sendable {
    public let hierarchy: ContractionHierarchy
    /// Per edge: the cost from the lower rank to the higher (`up`) and back (`down`).
    let up: [Double]
    let down: [Double]
    /// Per edge and direction: the middle rank of the triangle that gave the cost (a shortcut),
    /// or -1 when an input arc gives it (found again when unpacking: the first of the least
    /// weight between the two nodes) or nothing does (infinity).
    let upMid: [Int32]
    let downMid: [Int32]
    /// The input arcs' weights.
    let weights: [Double]

    /// Customizes `hierarchy` for `weights`, one per input arc (in the input graph's CSR order).
    public init(hierarchy h: ContractionHierarchy, weights: [Double]) {
        precondition(weights.count == h.arcTarget.count)
        hierarchy = h
        self.weights = weights
        let m = h.upHead.count
        var up = [Double](repeating: .infinity, count: m)
        var down = [Double](repeating: .infinity, count: m)
        var upMid = [Int32](repeating: -1, count: m)
        var downMid = [Int32](repeating: -1, count: m)
        for a in 0..<weights.count {
            let e = Int(h.arcEdge[a])
            guard e >= 0 else { continue }
            let w = weights[a]
            if h.arcUpward[a] {
                if w < up[e] { up[e] = w }
            } else if w < down[e] {
                down[e] = w
            }
        }
        // Lower triangles {w, a, b}, w < a < b, in rank order of w: a → w → b improves
        // a → b, and b → w → a improves b → a. Every edge of w is final when w comes.
        up.withUnsafeMutableBufferPointer { up in
            down.withUnsafeMutableBufferPointer { down in
                h.upStart.withUnsafeBufferPointer { start in
                    h.upHead.withUnsafeBufferPointer { head in
                        for w in 0..<h.nodeCount {
                            let s = Int(start[w])
                            let t = Int(start[w + 1])
                            var i = s
                            while i < t {
                                let a = Int(head[i])
                                let upWA = up[i]
                                let downAW = down[i]
                                if upWA < .infinity || downAW < .infinity {
                                    var k = Int(start[a])
                                    var j = i + 1
                                    while j < t {
                                        let b = head[j]
                                        while head[k] < b { k += 1 }
                                        let viaUp = downAW + up[j]
                                        if viaUp < up[k] {
                                            up[k] = viaUp
                                            upMid[k] = Int32(w)
                                        }
                                        let viaDown = down[j] + upWA
                                        if viaDown < down[k] {
                                            down[k] = viaDown
                                            downMid[k] = Int32(w)
                                        }
                                        j += 1
                                    }
                                }
                                i += 1
                            }
                        }
                    }
                }
            }
        }
        self.up = up
        self.down = down
        self.upMid = upMid
        self.downMid = downMid
    }

    /// The input arcs of edge `e` in direction `upward`, in driving order.
    func unpack(_ e: Int32, upward: Bool, into arcs: inout [Int32]) {
        let h = hierarchy
        let mid = upward ? upMid[Int(e)] : downMid[Int(e)]
        // The edge's ranks: its tail is the rank whose range holds e; the head is stored.
        let lo = tail(of: e)
        let hi = h.upHead[Int(e)]
        if mid < 0 {
            // The first input arc of the least weight between the two nodes, as customized.
            let (from, to) = upward ? (h.nodeAt[Int(lo)], h.nodeAt[Int(hi)]) : (h.nodeAt[Int(hi)], h.nodeAt[Int(lo)])
            var best: Int32 = -1
            for a in Int(h.arcOffsets[Int(from)])..<Int(h.arcOffsets[Int(from) + 1])
            where h.arcTarget[a] == to && (best < 0 || weights[a] < weights[Int(best)]) {
                best = Int32(a)
            }
            precondition(best >= 0, "unpacking an edge no arc gives")
            arcs.append(best)
            return
        }
        let toLo = h.edge(mid, lo)
        let toHi = h.edge(mid, hi)
        if upward {
            unpack(toLo, upward: false, into: &arcs)  // lo → mid
            unpack(toHi, upward: true, into: &arcs)  // mid → hi
        } else {
            unpack(toHi, upward: false, into: &arcs)  // hi → mid
            unpack(toLo, upward: true, into: &arcs)  // mid → lo
        }
    }

    /// The lower rank of an edge.
    func tail(of e: Int32) -> Int32 {
        let start = hierarchy.upStart
        var lo = 0
        var hi = hierarchy.nodeCount
        // The last rank r with start[r] <= e.
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if start[mid] <= e { lo = mid } else { hi = mid - 1 }
        }
        return Int32(lo)
    }
}

/// A query workspace over a customized hierarchy, for one thread: one-to-one with the route,
/// one-to-many and many-to-many tables, and one-to-all (PHAST) sweeps.
public final class CCHSearch {
    public let metric: CCHMetric
    private var forward: [Double]
    private var backward: [Double]
    private var forwardPred: [Int32]
    private var backwardPred: [Int32]

    public init(metric: CCHMetric) {
        self.metric = metric
        let n = metric.hierarchy.nodeCount
        forward = [Double](repeating: .infinity, count: n)
        backward = [Double](repeating: .infinity, count: n)
        forwardPred = [Int32](repeating: -1, count: n)
        backwardPred = [Int32](repeating: -1, count: n)
    }

    /// Walks the elimination tree from `rank` to its root, relaxing upward edges with the
    /// upward (`forward`) or downward costs; returns the ranks walked.
    private func walk(from start: Int32, forward isForward: Bool) -> [Int32] {
        let h = metric.hierarchy
        var path: [Int32] = []
        let weights = isForward ? metric.up : metric.down
        if isForward {
            forward[Int(start)] = 0
        } else {
            backward[Int(start)] = 0
        }
        var v = start
        while v >= 0 {
            path.append(v)
            let d = isForward ? forward[Int(v)] : backward[Int(v)]
            if d < .infinity {
                for e in Int(h.upStart[Int(v)])..<Int(h.upStart[Int(v) + 1]) {
                    let head = Int(h.upHead[e])
                    let nd = d + weights[e]
                    if isForward {
                        if nd < forward[head] {
                            forward[head] = nd
                            forwardPred[head] = Int32(e)
                        }
                    } else if nd < backward[head] {
                        backward[head] = nd
                        backwardPred[head] = Int32(e)
                    }
                }
            }
            v = h.parent[Int(v)]
        }
        return path
    }

    private func reset(_ path: [Int32], forward isForward: Bool) {
        for v in path {
            if isForward {
                forward[Int(v)] = .infinity
                forwardPred[Int(v)] = -1
            } else {
                backward[Int(v)] = .infinity
                backwardPred[Int(v)] = -1
            }
        }
    }

    /// Seconds from node `s` to node `t` (infinity when unreachable), and the input arcs of
    /// the route when `arcs` is asked for.
    public func query(from s: Int32, to t: Int32, arcs wantArcs: Bool = false) -> (seconds: Double, arcs: [Int32]?) {
        let h = metric.hierarchy
        let fp = walk(from: h.rank[Int(s)], forward: true)
        let bp = walk(from: h.rank[Int(t)], forward: false)
        var best = Double.infinity
        var meet: Int32 = -1
        for v in fp where forward[Int(v)] + backward[Int(v)] < best {
            best = forward[Int(v)] + backward[Int(v)]
            meet = v
        }
        var arcs: [Int32]?
        if wantArcs && meet >= 0 {
            // Edges from s up to the meeting rank, then down from it to t.
            var up: [Int32] = []
            var v = meet
            while forwardPred[Int(v)] >= 0 {
                let e = forwardPred[Int(v)]
                up.append(e)
                v = metric.tail(of: e)
            }
            var out: [Int32] = []
            for e in up.reversed() { metric.unpack(e, upward: true, into: &out) }
            v = meet
            while backwardPred[Int(v)] >= 0 {
                let e = backwardPred[Int(v)]
                metric.unpack(e, upward: false, into: &out)
                v = metric.tail(of: e)
            }
            arcs = out
        }
        reset(fp, forward: true)
        reset(bp, forward: false)
        return (best, arcs)
    }

    /// Seconds from `s` to every node, by node (PHAST: the upward walk, then one sweep down
    /// the ranks).
    public func oneToAll(from s: Int32) -> [Double] {
        let h = metric.hierarchy
        let fp = walk(from: h.rank[Int(s)], forward: true)
        var dist = forward
        reset(fp, forward: true)
        let down = metric.down
        for v in stride(from: h.nodeCount - 1, through: 0, by: -1) {
            var d = dist[v]
            for e in Int(h.upStart[v])..<Int(h.upStart[v + 1]) {
                let nd = dist[Int(h.upHead[e])] + down[e]
                if nd < d { d = nd }
            }
            dist[v] = d
        }
        var byNode = [Double](repeating: .infinity, count: h.nodeCount)
        for r in 0..<h.nodeCount { byNode[Int(h.nodeAt[r])] = dist[r] }
        return byNode
    }

    /// The buckets of a many-to-many table: for each rank, the targets whose backward walk
    /// reached it, with the cost from the rank to the target.
    public struct Buckets: Sendable {
        let start: [Int32]
        let target: [Int32]
        let cost: [Double]
        let count: Int
    }

    /// Backward walks from every target, gathered into buckets.
    public func buckets(targets: [Int32]) -> Buckets {
        let h = metric.hierarchy
        var entries: [(rank: Int32, target: Int32, cost: Double)] = []
        for (j, t) in targets.enumerated() {
            let bp = walk(from: h.rank[Int(t)], forward: false)
            for v in bp where backward[Int(v)] < .infinity {
                entries.append((v, Int32(j), backward[Int(v)]))
            }
            reset(bp, forward: false)
        }
        var start = [Int32](repeating: 0, count: h.nodeCount + 1)
        for e in entries { start[Int(e.rank) + 1] += 1 }
        for r in 0..<h.nodeCount { start[r + 1] += start[r] }
        var fill = Array(start.prefix(h.nodeCount))
        var target = [Int32](repeating: 0, count: entries.count)
        var cost = [Double](repeating: 0, count: entries.count)
        for e in entries {
            let k = Int(fill[Int(e.rank)])
            fill[Int(e.rank)] += 1
            target[k] = e.target
            cost[k] = e.cost
        }
        return Buckets(start: start, target: target, cost: cost, count: targets.count)
    }

    /// Seconds from `s` to each target of `buckets`, in the targets' order.
    public func row(from s: Int32, buckets b: Buckets) -> [Double] {
        let h = metric.hierarchy
        var out = [Double](repeating: .infinity, count: b.count)
        let fp = walk(from: h.rank[Int(s)], forward: true)
        for v in fp {
            let d = forward[Int(v)]
            guard d < .infinity else { continue }
            for k in Int(b.start[Int(v)])..<Int(b.start[Int(v) + 1]) {
                let c = d + b.cost[k]
                let j = Int(b.target[k])
                if c < out[j] { out[j] = c }
            }
        }
        reset(fp, forward: true)
        return out
    }
}
