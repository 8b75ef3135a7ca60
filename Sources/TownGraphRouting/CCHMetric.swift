import Foundation

/// A contraction hierarchy customized for one set of arc weights (seconds): a speed set, a
/// speed-range end, or a scenario expressed as weights (an arc absent in it weighs infinity).
/// Customizing again for other weights reuses the order and the contraction.
///
/// Costs are `Double` seconds, one or two per edge. When the weights are symmetric (every
/// pair of nodes joined by arcs has the same least weight both ways, as on a road graph
/// without one-way streets), every edge costs the same up and down after customization too
/// (each triangle's two sums add the same two numbers), so one cost per edge is kept:
/// `cost[e]`, half the memory. Otherwise each edge keeps its two costs side by side
/// (`cost[2e]` from the lower rank to the higher, `cost[2e + 1]` back), so that a triangle
/// reads and writes one cache line per edge. No middle node is stored: a route's shortcut is
/// unpacked by finding the lower triangle whose sum equals its cost exactly (the
/// customization computed the cost as that very sum).
public final class CCHMetric: Sendable {
    public let hierarchy: ContractionHierarchy
    /// The edges' costs: `cost[width * e]` upward, `cost[width * e + downOffset]` downward.
    let cost: [Double]
    /// Whether one cost serves both directions of every edge.
    public let symmetric: Bool
    /// Costs per edge: 1 when ``symmetric``, else 2.
    let width: Int
    /// Where an edge's downward cost sits in its slot: 0 when ``symmetric``, else 1.
    let downOffset: Int
    /// The input arcs' weights.
    let weights: [Double]

    /// Nodes outside supernodes whose upward degree is at least this split their triangles
    /// between threads.
    static let parallelDegree = 160
    /// Supernodes of at least this many ranks are customized as blocks.
    static let supernodeMinimum = 4

    /// Customizes `hierarchy` for `weights`, one per input arc (in the input graph's CSR order),
    /// on up to `workers` threads. The costs do not depend on `workers`, nor on `blocks`
    /// (whether supernodes are customized as blocks), nor on `shareSymmetric` (whether
    /// symmetric weights keep one cost per edge); tests compare each way.
    public init(
        hierarchy h: ContractionHierarchy, weights: [Double],
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, blocks: Bool = true,
        shareSymmetric: Bool = true
    ) {
        precondition(weights.count == h.arcTarget.count)
        hierarchy = h
        self.weights = weights
        let symmetric = shareSymmetric && Self.isSymmetric(h, weights)
        self.symmetric = symmetric
        let width = symmetric ? 1 : 2
        let downOffset = width - 1
        self.width = width
        self.downOffset = downOffset
        let m = h.edgeCount
        returnFreedMemory()  // the symmetry check's scratch, before the costs come
        var cost = [Double](repeating: .infinity, count: width * m)
        for a in 0..<weights.count {
            let e = Int(h.arcEdge[a])
            guard e >= 0 else { continue }
            let k = h.arcUpward[a] ? width * e : width * e + downOffset
            if weights[a] < cost[k] { cost[k] = weights[a] }
        }
        // Lower triangles {w, a, b}, w < a < b, in rank order of w: a → w → b improves
        // a → b, and b → w → a improves b → a. Every edge of w is final when w comes, and the
        // edges written for w (those of its upward neighbours a) differ for each a, so the
        // neighbours of one node can be shared between threads without changing any result.
        let threads = max(1, workers)
        cost.withUnsafeMutableBufferPointer { c in
            h.withHeads { heads in
                let start = heads.start
                let t = Triangles(cost: c.baseAddress!, heads: heads, width: width, downOffset: downOffset)
                var w = 0
                while w < h.nodeCount {
                    let last = t.supernodeEnd(from: w, nodeCount: h.nodeCount, parent: h.parent)
                    if blocks && last - w + 1 >= Self.supernodeMinimum {
                        t.customizeSupernode(first: w, last: last, threads: threads)
                    } else {
                        for v in w...last {
                            let s = Int(start[v])
                            let e = Int(start[v + 1])
                            if threads > 1 && e - s >= Self.parallelDegree {
                                DispatchQueue.concurrentPerform(iterations: threads) { k in
                                    t.relax(w: v, from: s + k, to: e, by: threads)
                                }
                            } else {
                                t.relax(w: v, from: s, to: e, by: 1)
                            }
                        }
                    }
                    w = last + 1
                }
            }
        }
        self.cost = cost
    }

    /// Whether every pair of distinct nodes joined by arcs has the same least arc weight each
    /// way (infinity where there is no arc): then every contraction edge does. Linear in the
    /// arcs, whatever the degrees.
    static func isSymmetric(_ h: ContractionHierarchy, _ weights: [Double]) -> Bool {
        let n = h.nodeCount
        let offsets = h.arcOffsets
        let targets = h.arcTarget
        // The arcs into each node, with their tails.
        var inStart = [Int32](repeating: 0, count: n + 1)
        for t in targets { inStart[Int(t) + 1] += 1 }
        for v in 0..<n { inStart[v + 1] += inStart[v] }
        var fill = Array(inStart.prefix(n))
        var inArc = [Int32](repeating: 0, count: targets.count)
        var inTail = [Int32](repeating: 0, count: targets.count)
        for u in 0..<n {
            for a in Int(offsets[u])..<Int(offsets[u + 1]) {
                let t = Int(targets[a])
                inArc[Int(fill[t])] = Int32(a)
                inTail[Int(fill[t])] = Int32(u)
                fill[t] += 1
            }
        }
        // Per node u, the least weight to and from each neighbour, compared, then cleared.
        var to = [Double](repeating: .infinity, count: n)
        var from = [Double](repeating: .infinity, count: n)
        for u in 0..<n {
            let outArcs = Int(offsets[u])..<Int(offsets[u + 1])
            let inArcs = Int(inStart[u])..<Int(inStart[u + 1])
            for a in outArcs where Int(targets[a]) != u {
                let v = Int(targets[a])
                if weights[a] < to[v] { to[v] = weights[a] }
            }
            for k in inArcs where Int(inTail[k]) != u {
                let v = Int(inTail[k])
                let w = weights[Int(inArc[k])]
                if w < from[v] { from[v] = w }
            }
            var same = true
            for a in outArcs where to[Int(targets[a])] != from[Int(targets[a])] { same = false }
            for k in inArcs where to[Int(inTail[k])] != from[Int(inTail[k])] { same = false }
            // A NaN weight never compares equal: such weights are not symmetric.
            for a in outArcs where weights[a].isNaN { same = false }
            guard same else { return false }
            for a in outArcs { to[Int(targets[a])] = .infinity }
            for k in inArcs { from[Int(inTail[k])] = .infinity }
        }
        return true
    }

    /// The lower-triangle step of the customization over raw storage: costs of edge `k` at
    /// `cost[width * k]` (upward) and `cost[width * k + downOffset]`; with one cost per edge
    /// (`width` 1) the downward sums, equal to the upward ones, are skipped.
    private struct Triangles: @unchecked Sendable {
        let cost: UnsafeMutablePointer<Double>
        let heads: Heads
        var start: UnsafePointer<Int32> { heads.start }
        let width: Int
        let downOffset: Int
        /// Two costs per edge (else the downward sums, equal to the upward ones, are skipped).
        var directed: Bool { width == 2 }

        /// Relaxes the triangles of node `w` through its upward edges `first`, `first + by`, …
        /// below `end` (each taken as the edge w–a to the lower of the two other corners).
        func relax(w: Int, from first: Int, to end: Int, by step: Int) {
            var i = first
            while i < end {
                let a = Int(heads.head(w, i))
                let upWA = cost[width * i]
                let downAW = cost[width * i + downOffset]
                if upWA < .infinity || downAW < .infinity {
                    var k = Int(start[a])
                    var j = i + 1
                    while j < end {
                        let b = heads.head(w, j)
                        k = heads.seek(b, rank: a, from: k)
                        let viaUp = downAW + cost[width * j]
                        if viaUp < cost[width * k] { cost[width * k] = viaUp }
                        if directed {
                            let viaDown = cost[width * j + downOffset] + upWA
                            if viaDown < cost[width * k + downOffset] { cost[width * k + downOffset] = viaDown }
                        }
                        j += 1
                    }
                }
                i += step
            }
        }

        /// The last rank of the supernode starting at `first`: the longest run of ranks each
        /// the parent of the one before, each with one upward neighbour more than the next,
        /// so that rank `first + i`'s neighbours are the later ranks of the run, then the
        /// last one's neighbours (the supernode's upper set).
        func supernodeEnd(from first: Int, nodeCount: Int, parent: [Int32]) -> Int {
            var e = first
            while e + 1 < nodeCount && parent[e] == Int32(e + 1)
                && start[e + 1] - start[e] == start[e + 2] - start[e + 1] + 1
            {
                e += 1
            }
            return e
        }

        /// The triangles whose lowest corner lies in the supernode `first...last`, blocks of
        /// ``CCHMetric/blockLanes`` lower corners at a time: first among the block's own
        /// ranks, then, for every later rank `a` of the supernode or its upper set, the
        /// least sum over the block's corners for each edge `a`–`b`, a vector at a time.
        /// Each sum is the one the plain step adds, so the costs are the same to the bit.
        func customizeSupernode(first: Int, last: Int, threads: Int) {
            let lanes = CCHMetric.blockLanes
            let count = last - first + 1
            let upperStart = Int(start[last])
            let upperCount = Int(start[last + 1]) - upperStart
            var i0 = 0
            let later = UnsafeMutablePointer<Double>.allocate(capacity: 2 * lanes * (count + upperCount))
            defer { later.deallocate() }
            while i0 < count {
                let i1 = min(i0 + lanes, count)
                // Within the block: rank first+i improves the rows of the block's later ranks,
                // whose neighbours are its own from that rank on.
                for i in i0..<i1 {
                    let si = Int(start[first + i])
                    for j in (i + 1)..<i1 {
                        let edgeIJ = si + (j - i - 1)
                        let upIJ = cost[width * edgeIJ]
                        let downIJ = cost[width * edgeIJ + downOffset]
                        guard upIJ < .infinity || downIJ < .infinity else { continue }
                        let sj = Int(start[first + j])
                        let length = Int(start[first + j + 1]) - sj
                        let from = si + (j - i)
                        for p in 0..<length {
                            let viaUp = downIJ + cost[width * (from + p)]
                            if viaUp < cost[width * (sj + p)] { cost[width * (sj + p)] = viaUp }
                            if directed {
                                let viaDown = cost[width * (from + p) + downOffset] + upIJ
                                if viaDown < cost[width * (sj + p) + downOffset] {
                                    cost[width * (sj + p) + downOffset] = viaDown
                                }
                            }
                        }
                    }
                }
                // The ranks after the block: the supernode's later ranks, then its upper set.
                // Row u of `ups` (`downs`) holds the block's costs to (from) the u-th of them.
                let afterCount = (count - i1) + upperCount
                guard afterCount > 0 else { break }
                let ups = later
                let downs = directed ? later + lanes * afterCount : later
                for u in 0..<afterCount {
                    for l in 0..<lanes {
                        let i = i0 + l
                        if i < i1 {
                            let e = Int(start[first + i]) + (i1 - i - 1) + u
                            ups[u * lanes + l] = cost[width * e]
                            downs[u * lanes + l] = cost[width * e + downOffset]
                        } else {
                            ups[u * lanes + l] = .infinity
                            downs[u * lanes + l] = .infinity
                        }
                    }
                }
                let rows = Rows(ups: ups, downs: downs, lanes: lanes)
                let block = Block(after: first + i1, afterRanks: count - i1, last: last, upperStart: upperStart)
                if threads > 1 && afterCount * afterCount >= 20_000 {
                    DispatchQueue.concurrentPerform(iterations: threads) { worker in
                        self.relaxAfter(block, rows, count: afterCount, worker: worker, workers: threads)
                    }
                } else {
                    relaxAfter(block, rows, count: afterCount, worker: 0, workers: 1)
                }
                i0 = i1
            }
        }

        /// The ranks after a block of a supernode: the supernode's later ranks from `after`
        /// (`afterRanks` of them), then its upper set (the heads of `last`, edges from
        /// `upperStart`).
        struct Block {
            let after: Int
            let afterRanks: Int
            let last: Int
            let upperStart: Int
        }

        /// For the rows `worker`, `worker + workers`, … of `rows` (the ranks `a` after the
        /// block), every edge `a`–`b` to a later one: the least sum through the block's corners.
        func relaxAfter(_ block: Block, _ rows: Rows, count: Int, worker: Int, workers: Int) {
            let lanes = rows.lanes
            func rank(_ u: Int) -> Int32 {
                u < block.afterRanks
                    ? Int32(block.after + u) : heads.head(block.last, block.upperStart + u - block.afterRanks)
            }
            var u = worker
            while u < count - 1 {
                let a = Int(rank(u))
                if rows.anyFinite(u) {
                    var k = Int(start[a])
                    for q in (u + 1)..<count {
                        let b = rank(q)
                        k = heads.seek(b, rank: a, from: k)
                        // a → corner → b, and b → corner → a.
                        let viaUp = rows.minPlus(rows.downs + u * lanes, rows.ups + q * lanes)
                        if viaUp < cost[width * k] { cost[width * k] = viaUp }
                        if directed {
                            let viaDown = rows.minPlus(rows.downs + q * lanes, rows.ups + u * lanes)
                            if viaDown < cost[width * k + downOffset] { cost[width * k + downOffset] = viaDown }
                        }
                    }
                }
                u += workers
            }
        }
    }

    /// How many lower corners a block of a supernode takes at once: the lanes of its
    /// min-plus sums.
    static let blockLanes = 16

    /// A block's costs to and from the ranks after it, one row of lanes per rank.
    private struct Rows: @unchecked Sendable {
        let ups: UnsafeMutablePointer<Double>
        let downs: UnsafeMutablePointer<Double>
        let lanes: Int

        func anyFinite(_ u: Int) -> Bool {
            for l in 0..<lanes where ups[u * lanes + l] < .infinity || downs[u * lanes + l] < .infinity {
                return true
            }
            return false
        }

        /// The least `x[l] + y[l]` over the 16 lanes.
        @inline(__always) func minPlus(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>) -> Double {
            let rx = UnsafeRawPointer(x)
            let ry = UnsafeRawPointer(y)
            var m0 = rx.loadUnaligned(as: SIMD4<Double>.self) + ry.loadUnaligned(as: SIMD4<Double>.self)
            let m1 =
                rx.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
                + ry.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
            var m2 =
                rx.loadUnaligned(fromByteOffset: 64, as: SIMD4<Double>.self)
                + ry.loadUnaligned(fromByteOffset: 64, as: SIMD4<Double>.self)
            let m3 =
                rx.loadUnaligned(fromByteOffset: 96, as: SIMD4<Double>.self)
                + ry.loadUnaligned(fromByteOffset: 96, as: SIMD4<Double>.self)
            m0.replace(with: m1, where: m1 .< m0)
            m2.replace(with: m3, where: m3 .< m2)
            m0.replace(with: m2, where: m2 .< m0)
            return m0.min()
        }
    }

    @inline(__always) func up(_ e: Int) -> Double { cost[width * e] }
    @inline(__always) func down(_ e: Int) -> Double { cost[width * e + downOffset] }

    /// The input arcs of edge `e` in direction `upward`, in driving order. An input arc whose
    /// weight equals the edge's cost gives it; else the lower triangle whose sum equals it
    /// (the customization's own sum, so equality is exact).
    func unpack(_ e: Int32, upward: Bool, into arcs: inout [Int32]) {
        let h = hierarchy
        let target = upward ? up(Int(e)) : down(Int(e))
        precondition(target < .infinity, "unpacking an edge with no path")
        let lo = h.tail(of: e)
        let hi = h.withHeads { $0.head(Int(lo), Int(e)) }
        let (from, to) = upward ? (h.nodeAt[Int(lo)], h.nodeAt[Int(hi)]) : (h.nodeAt[Int(hi)], h.nodeAt[Int(lo)])
        for a in Int(h.arcOffsets[Int(from)])..<Int(h.arcOffsets[Int(from) + 1])
        where h.arcTarget[a] == to && weights[a] == target {
            arcs.append(Int32(a))
            return
        }
        // Common lower neighbours x of lo and hi: edges x–lo and x–hi.
        let lower = h.lowerNeighbours()
        var i = Int(lower.start[Int(lo)])
        let iEnd = Int(lower.start[Int(lo) + 1])
        var j = Int(lower.start[Int(hi)])
        let jEnd = Int(lower.start[Int(hi) + 1])
        while i < iEnd && j < jEnd {
            let xi = lower.tail[i]
            let xj = lower.tail[j]
            if xi < xj {
                i += 1
            } else if xj < xi {
                j += 1
            } else {
                let toLo = Int(lower.edge[i])
                let toHi = Int(lower.edge[j])
                if upward && down(toLo) + up(toHi) == target {
                    unpack(Int32(toLo), upward: false, into: &arcs)  // lo → x
                    unpack(Int32(toHi), upward: true, into: &arcs)  // x → hi
                    return
                }
                if !upward && down(toHi) + up(toLo) == target {
                    unpack(Int32(toHi), upward: false, into: &arcs)  // hi → x
                    unpack(Int32(toLo), upward: true, into: &arcs)  // x → lo
                    return
                }
                i += 1
                j += 1
            }
        }
        preconditionFailure("no arc or triangle gives an edge's cost")
    }
}

/// A query workspace over a customized hierarchy, for one thread: one-to-one with the route,
/// and one-to-all (PHAST) sweeps; many-to-many tables are ``CCHSearch/table(metric:from:to:workers:)``.
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
        let width = metric.width
        let direction = isForward ? 0 : metric.downOffset
        if isForward {
            forward[Int(start)] = 0
        } else {
            backward[Int(start)] = 0
        }
        h.withHeads { heads in
            var v = start
            while v >= 0 {
                path.append(v)
                let d = isForward ? forward[Int(v)] : backward[Int(v)]
                if d < .infinity {
                    heads.forEachEdge(of: Int(v)) { e, head in
                        let nd = d + metric.cost[width * e + direction]
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
                v = h.tail(of: e)
            }
            var out: [Int32] = []
            for e in up.reversed() { metric.unpack(e, upward: true, into: &out) }
            v = meet
            while backwardPred[Int(v)] >= 0 {
                let e = backwardPred[Int(v)]
                metric.unpack(e, upward: false, into: &out)
                v = h.tail(of: e)
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
        let width = metric.width
        let down = metric.downOffset
        metric.cost.withUnsafeBufferPointer { cost in
            h.withHeads { heads in
                for v in stride(from: h.nodeCount - 1, through: 0, by: -1) {
                    var d = dist[v]
                    heads.forEachEdge(of: v) { e, head in
                        let nd = dist[head] + cost[width * e + down]
                        if nd < d { d = nd }
                    }
                    dist[v] = d
                }
            }
        }
        var byNode = [Double](repeating: .infinity, count: h.nodeCount)
        for r in 0..<h.nodeCount { byNode[Int(h.nodeAt[r])] = dist[r] }
        return byNode
    }
}

/// The workspace of a many-to-many table's walks, for one thread: the elimination-tree paths
/// of a batch of towns, walked together (only a slot per rank, not a search's four arrays).
final class TreePathWalk {
    let metric: CCHMetric
    /// Each rank's row in a batch walk's table, -1 outside the walk.
    private var slot: [Int32]

    init(metric: CCHMetric) {
        self.metric = metric
        slot = [Int32](repeating: -1, count: metric.hierarchy.nodeCount)
    }

    /// How many walks a batch makes at once: the lanes of one vector of costs.
    static let lanes = 8
    typealias Lanes = SIMD8<Double>

    /// The elimination-tree paths of up to ``lanes`` nodes, with the cost from each node up to
    /// each rank of its path (`forward`: upward costs, from the node) or from each rank down to
    /// the node (the downward costs). One walk over the union of the paths relaxes every
    /// edge once for all the nodes, a vector of costs at a time.
    func treePaths(of nodes: ArraySlice<Int32>, forward isForward: Bool) -> [TreePath] {
        precondition(nodes.count <= Self.lanes)
        let h = metric.hierarchy
        // The union of the paths, ascending (a rank's ancestors rank above it).
        var union: [Int32] = []
        for node in nodes {
            var v = h.rank[Int(node)]
            while v >= 0 && slot[Int(v)] < 0 {
                slot[Int(v)] = 0
                union.append(v)
                v = h.parent[Int(v)]
            }
        }
        union.sort()
        for (i, v) in union.enumerated() { slot[Int(v)] = Int32(i) }
        var table = [Lanes](repeating: Lanes(repeating: .infinity), count: union.count)
        for (k, node) in nodes.enumerated() { table[Int(slot[Int(h.rank[Int(node)])])][k] = 0 }
        let width = metric.width
        let direction = isForward ? 0 : metric.downOffset
        table.withUnsafeMutableBufferPointer { table in
            metric.cost.withUnsafeBufferPointer { cost in
                h.withHeads { heads in
                    slot.withUnsafeBufferPointer { slot in
                        for (i, v) in union.enumerated() {
                            let row = table[i]
                            guard row.min() < .infinity else { continue }
                            heads.forEachEdge(of: Int(v)) { e, head in
                                let target = Int(slot[head])
                                let via = row + Lanes(repeating: cost[width * e + direction])
                                let current = table[target]
                                table[target] = current.replacing(with: via, where: via .< current)
                            }
                        }
                    }
                }
            }
        }
        var paths: [TreePath] = []
        paths.reserveCapacity(nodes.count)
        for (k, node) in nodes.enumerated() {
            var ranks: [Int32] = []
            var v = h.rank[Int(node)]
            while v >= 0 {
                ranks.append(v)
                v = h.parent[Int(v)]
            }
            ranks.reverse()
            paths.append(TreePath(ranks: ranks, costs: ranks.map { table[Int(slot[Int($0)])][k] }))
        }
        for v in union { slot[Int(v)] = -1 }
        return paths
    }
}

/// A node's path in the elimination tree, from the root down to the node, with the cost
/// between the node and each rank of it: what a many-to-many table meets. Two nodes' paths
/// share the ranks from the root down to their lowest common ancestor; the fastest route
/// between them turns at one of those.
struct TreePath: Sendable {
    let ranks: [Int32]
    let costs: [Double]

    /// The fastest time from the node of `self` (a forward path) to that of `to` (a backward
    /// one): the least sum of the two costs over the shared ranks.
    func meet(_ to: TreePath) -> Double {
        guard let root = ranks.first, root == to.ranks.first else { return .infinity }
        // The shared ranks are a prefix of both (a tree's paths from its root part once).
        var lo = 1
        var hi = min(ranks.count, to.ranks.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranks[mid] == to.ranks[mid] { lo = mid + 1 } else { hi = mid }
        }
        let shared = lo
        return costs.withUnsafeBufferPointer { f in
            to.costs.withUnsafeBufferPointer { b in
                var best = SIMD4<Double>(repeating: .infinity)
                var d = 0
                while d + 4 <= shared {
                    let s =
                        SIMD4(f[d], f[d + 1], f[d + 2], f[d + 3]) + SIMD4(b[d], b[d + 1], b[d + 2], b[d + 3])
                    best = best.replacing(with: s, where: s .< best)
                    d += 4
                }
                var m = best.min()
                while d < shared {
                    let s = f[d] + b[d]
                    if s < m { m = s }
                    d += 1
                }
                return m
            }
        }
    }
}

extension CCHSearch {
    /// Seconds from each origin to each target (nodes), on `workers` threads: the targets'
    /// backward paths first, then the origins' forward paths in batches, each met with every
    /// target's. Batches take nodes in rank order, so that their paths share the most.
    public static func table(
        metric: CCHMetric, from origins: [Int32], to targets: [Int32], workers: Int
    ) -> [[Double]] {
        let h = metric.hierarchy
        let lanes = TreePathWalk.lanes
        func batches(_ nodes: [Int32]) -> [[Int]] {
            let sorted = nodes.indices.sorted { (h.rank[Int(nodes[$0])], $0) < (h.rank[Int(nodes[$1])], $1) }
            return stride(from: 0, to: sorted.count, by: lanes).map {
                Array(sorted[$0..<min($0 + lanes, sorted.count)])
            }
        }
        let targetBatches = batches(targets)
        let backwardPaths = Parallel.rows(
            targetBatches.count, workers: workers, workspace: { TreePathWalk(metric: metric) },
            row: { search, b in
                search.treePaths(of: ArraySlice(targetBatches[b].map { targets[$0] }), forward: false)
            })
        var targetPaths = [TreePath?](repeating: nil, count: targets.count)
        for (batch, paths) in zip(targetBatches, backwardPaths) {
            for (j, path) in zip(batch, paths) { targetPaths[j] = path }
        }
        let toPaths = targetPaths.map { $0! }
        let originBatches = batches(origins)
        let rows = Parallel.rows(
            originBatches.count, workers: workers, workspace: { TreePathWalk(metric: metric) },
            row: { search, b in
                let paths = search.treePaths(of: ArraySlice(originBatches[b].map { origins[$0] }), forward: true)
                return paths.map { from in toPaths.map { from.meet($0) } }
            })
        var out = [[Double]](repeating: [], count: origins.count)
        for (batch, batchRows) in zip(originBatches, rows) {
            for (i, row) in zip(batch, batchRows) { out[i] = row }
        }
        return out
    }
}
