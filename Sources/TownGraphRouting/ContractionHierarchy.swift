import Foundation

/// A customizable contraction hierarchy (CCH; Dibbelt, Strasser and Wagner, "Customizable
/// Contraction Hierarchies", 2016), in three phases:
///
/// 1. **Order** (once per topology, metric-independent): geometric nested dissection. The
///    nodes of a cell are split at the median of their wider coordinate axis; the nodes of
///    the smaller side that touch the other side form the separator, ranked above both
///    halves, which are dissected in turn. Cells of at most 8 nodes keep their order.
/// 2. **Contraction** (once per topology): the chordal supergraph of the order, built by
///    symbolic elimination (each node's upward neighbours, minus the lowest, join the lowest's,
///    its parent in the elimination tree). Every upward neighbour of a node is one of its
///    ancestors in that tree.
/// 3. **Customization** (per metric, ``CCHMetric``): the graph's arc weights on the edges,
///    then every lower triangle in rank order (basic customization); supernodes (chains of
///    ranks sharing their upper neighbours) as blocks with vector min-plus sums. No middle
///    node is stored: routes are unpacked by finding the triangle whose sum is the cost.
///
/// Queries (``CCHSearch``) walk the elimination tree upward from the source with the upward
/// weights and from the target with the downward ones, without a priority queue; many-to-many
/// tables walk the tree paths of 8 towns at a time and meet each origin's path with each
/// target's; one-to-all is a PHAST sweep down the ranks.
///
/// Storage: 32-bit ranks and edge ids in compressed sparse rows; weights are `Double`
/// seconds, so that a CCH time is the Dijkstra time up to the order of additions (under
/// 1e-9 s on the bundled networks, tested to 1e-6 s); `Float` would lose a millisecond at
/// three hours. Symmetric weights keep one cost per edge, others two.
public final class ContractionHierarchy: Sendable {
    public let nodeCount: Int
    /// The rank of each node, and the node of each rank.
    public let rank: [Int32]
    public let nodeAt: [Int32]
    /// Upward edges by rank: edges of rank `r` are `upStart[r]..<upStart[r + 1]`, their heads
    /// (ranks) ascending: first the run `r + 1`, `r + 2`, … `r + run[r]` (the ranks right
    /// above, as in a supernode's chain), then `rest[restStart[r]...]`, shared with rank
    /// `r - 1`'s when the same (as every rank of a chain ends with its top's upper set). At a
    /// million nodes 81 % of the edges lie in such runs: the heads take 33 MB, not 162. Built
    /// compact as the elimination goes, so the full list never exists.
    let upStart: [Int32]
    let run: [Int32]
    let restStart: [Int32]
    let rest: [Int32]
    /// The elimination-tree parent of each rank (its lowest upward neighbour), -1 at a root.
    let parent: [Int32]
    /// The edge each input arc lies on (-1 for a loop), and whether it runs from the lower
    /// rank to the higher.
    let arcEdge: [Int32]
    let arcUpward: [Bool]
    /// The input graph's arcs (CSR), for unpacking to arcs.
    let arcOffsets: [Int32]
    let arcTarget: [Int32]

    public var edgeCount: Int { Int(upStart[nodeCount]) }
    /// How many heads are stored (the others are implied by runs).
    public var storedHeadCount: Int { rest.count }

    /// The heads over raw storage (valid inside `body` only).
    func withHeads<R>(_ body: (Heads) -> R) -> R {
        Self.withHeads(upStart, run, restStart, rest, body)
    }

    static func withHeads<R>(
        _ upStart: [Int32], _ run: [Int32], _ restStart: [Int32], _ rest: [Int32], _ body: (Heads) -> R
    ) -> R {
        upStart.withUnsafeBufferPointer { start in
            run.withUnsafeBufferPointer { run in
                restStart.withUnsafeBufferPointer { restStart in
                    rest.withUnsafeBufferPointer { rest in
                        body(
                            Heads(
                                start: start.baseAddress!, run: run.baseAddress!, restStart: restStart.baseAddress!,
                                rest: rest.baseAddress ?? UnsafePointer(bitPattern: 8)!))
                    }
                }
            }
        }
    }

    /// Builds the order and the contraction for a directed graph in compressed sparse rows
    /// (`offsets`, `targets`) with a position per node. A given `order` (nodes from the lowest
    /// rank, as ``nodeAt`` holds it; from a cache) is used when it is a permutation of the
    /// nodes, else the order is computed.
    public init(
        nodeCount n: Int, offsets: [Int32], targets: [Int32], x: [Double], y: [Double], order given: [Int32]? = nil
    ) {
        precondition(offsets.count == n + 1 && x.count == n && y.count == n)
        nodeCount = n
        arcOffsets = offsets
        arcTarget = targets
        // Undirected neighbours, for the order.
        var degree = [Int32](repeating: 0, count: n + 1)
        for u in 0..<n {
            for a in Int(offsets[u])..<Int(offsets[u + 1]) where Int(targets[a]) != u {
                degree[u] += 1
                degree[Int(targets[a])] += 1
            }
        }
        var nStart = [Int32](repeating: 0, count: n + 1)
        for u in 0..<n { nStart[u + 1] = nStart[u] + degree[u] }
        var nbr = [Int32](repeating: 0, count: Int(nStart[n]))
        var fill = Array(nStart.prefix(n))
        for u in 0..<n {
            for a in Int(offsets[u])..<Int(offsets[u + 1]) where Int(targets[a]) != u {
                let v = Int(targets[a])
                nbr[Int(fill[u])] = Int32(v)
                fill[u] += 1
                nbr[Int(fill[v])] = Int32(u)
                fill[v] += 1
            }
        }
        let order =
            given.flatMap { Self.isPermutation($0, of: n) ? $0 : nil }
            ?? NestedDissection(start: nStart, neighbours: nbr, x: x, y: y).order()
        var rank = [Int32](repeating: 0, count: n)
        for (r, v) in order.enumerated() { rank[Int(v)] = Int32(r) }
        self.rank = rank
        nodeAt = order

        // Symbolic elimination, rank by rank: a rank's upward neighbours are its own higher
        // neighbours and those of its children in the elimination tree (all ranked lower, so
        // done), less itself; the lowest is its parent. Stored compact as they come (a
        // rank's leading run of consecutive ranks implied, the rest shared with the rank
        // before when equal), so that the full list of heads never exists.
        var parent = [Int32](repeating: -1, count: n)
        var firstChild = [Int32](repeating: -1, count: n)
        var nextSibling = [Int32](repeating: -1, count: n)
        var mark = [Int32](repeating: -1, count: n)
        var upStart = [Int32](repeating: 0, count: n + 1)
        var run = [Int32](repeating: 0, count: n)
        var restStart = [Int32](repeating: 0, count: n)
        var rest: [Int32] = []
        var list: [Int32] = []
        func add(_ v: Int32, _ r: Int) {
            if mark[Int(v)] != r {
                mark[Int(v)] = Int32(r)
                list.append(v)
            }
        }
        for r in 0..<n {
            list.removeAll(keepingCapacity: true)
            let u = Int(order[r])
            for k in Int(nStart[u])..<Int(nStart[u + 1]) {
                let rv = rank[Int(nbr[k])]
                if rv > r { add(rv, r) }
            }
            var c = firstChild[r]
            while c >= 0 {
                // The child's heads but its first (this rank): its run, then its rest.
                let child = Int(c)
                let length = Int(run[child])
                if length > 1 { for i in 2...length { add(Int32(child + i), r) } }
                let restCount = Int(upStart[child + 1] - upStart[child]) - length
                let from = Int(restStart[child]) + (length == 0 ? 1 : 0)
                for k in from..<(Int(restStart[child]) + restCount) { add(rest[k], r) }
                c = nextSibling[Int(c)]
            }
            list.sort()
            upStart[r + 1] = upStart[r] + Int32(list.count)
            var length = 0
            while length < list.count && Int(list[length]) == r + 1 + length { length += 1 }
            run[r] = Int32(length)
            let mine = list[length...]
            if r > 0 {
                let before = Int(upStart[r] - upStart[r - 1]) - Int(run[r - 1])
                let at = Int(restStart[r - 1])
                if before == mine.count && zip(mine, rest[at..<(at + before)]).allSatisfy({ $0 == $1 }) {
                    restStart[r] = restStart[r - 1]
                } else {
                    restStart[r] = Int32(rest.count)
                    rest += mine
                }
            } else {
                restStart[r] = Int32(rest.count)
                rest += mine
            }
            if let p = list.first {
                parent[r] = p
                nextSibling[r] = firstChild[Int(p)]
                firstChild[Int(p)] = Int32(r)
            }
        }
        let compactRest = [Int32](unsafeUninitializedCapacity: rest.count) { buffer, count in
            _ = buffer.initialize(from: rest)
            count = rest.count
        }
        rest = []
        self.rest = compactRest
        self.run = run
        self.restStart = restStart
        self.upStart = upStart
        self.parent = parent

        var arcEdge = [Int32](repeating: -1, count: targets.count)
        var arcUpward = [Bool](repeating: true, count: targets.count)
        Self.withHeads(upStart, run, restStart, compactRest) { heads in
            for u in 0..<n {
                for a in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let ru = rank[u]
                    let rv = rank[Int(targets[a])]
                    guard ru != rv else { continue }
                    let (lo, hi) = ru < rv ? (ru, rv) : (rv, ru)
                    arcEdge[a] = heads.find(hi, rank: Int(lo))
                    arcUpward[a] = ru < rv
                }
            }
        }
        self.arcEdge = arcEdge
        self.arcUpward = arcUpward
        returnFreedMemory()
    }

    static func isPermutation(_ order: [Int32], of n: Int) -> Bool {
        guard order.count == n else { return false }
        var seen = [Bool](repeating: false, count: n)
        for v in order {
            guard v >= 0, Int(v) < n, !seen[Int(v)] else { return false }
            seen[Int(v)] = true
        }
        return true
    }

    /// The lower rank of an edge.
    func tail(of e: Int32) -> Int32 {
        var lo = 0
        var hi = nodeCount
        // The last rank r with upStart[r] <= e.
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if upStart[mid] <= e { lo = mid } else { hi = mid - 1 }
        }
        return Int32(lo)
    }

    /// Each rank's lower neighbours, for unpacking routes: built on first use.
    private let lower = BuiltOnce<LowerNeighbours>()

    func lowerNeighbours() -> LowerNeighbours {
        lower.get {
            withHeads { heads in
                var start = [Int32](repeating: 0, count: nodeCount + 1)
                for r in 0..<nodeCount { heads.forEachEdge(of: r) { _, h in start[h + 1] += 1 } }
                for r in 0..<nodeCount { start[r + 1] += start[r] }
                var fill = Array(start.prefix(nodeCount))
                var tail = [Int32](repeating: 0, count: edgeCount)
                var edge = [Int32](repeating: 0, count: edgeCount)
                for r in 0..<nodeCount {
                    heads.forEachEdge(of: r) { e, h in
                        tail[Int(fill[h])] = Int32(r)
                        edge[Int(fill[h])] = Int32(e)
                        fill[h] += 1
                    }
                }
                return LowerNeighbours(start: start, tail: tail, edge: edge)
            }
        }
    }

    /// The upward degree's total along the elimination tree from each node to its root
    /// (how much a query scans), summarized: mean and largest.
    public func searchSpace() -> (meanEdges: Double, maxEdges: Int, maxDepth: Int) {
        var depth = [Int32](repeating: 0, count: nodeCount)
        var edges = [Int](repeating: 0, count: nodeCount)
        var total = 0.0
        var maxEdges = 0
        var maxDepth = 0
        for r in stride(from: nodeCount - 1, through: 0, by: -1) {
            let p = parent[r]
            let own = Int(upStart[r + 1] - upStart[r])
            depth[r] = p < 0 ? 1 : depth[Int(p)] + 1
            edges[r] = own + (p < 0 ? 0 : edges[Int(p)])
            total += Double(edges[r])
            maxEdges = max(maxEdges, edges[r])
            maxDepth = max(maxDepth, Int(depth[r]))
        }
        return (total / Double(max(1, nodeCount)), maxEdges, maxDepth)
    }
}

/// Geometric nested dissection: the metric-independent node order of a CCH.
struct NestedDissection {
    let start: [Int32]
    let neighbours: [Int32]
    let x: [Double]
    let y: [Double]

    /// Nodes from the lowest rank to the highest.
    func order() -> [Int32] {
        let n = x.count
        var side = [UInt8](repeating: 0, count: n)
        var out: [Int32] = []
        out.reserveCapacity(n)
        // Cells to dissect, and separators to emit once both halves are done: an explicit
        // stack, so that deep recursion cannot overflow the thread's stack.
        enum Job {
            case cell([Int32])
            case emit([Int32])
        }
        var stack: [Job] = [.cell((0..<Int32(n)).map { $0 })]
        while let job = stack.popLast() {
            switch job {
            case .emit(let separator):
                out += separator
            case .cell(let cell):
                if cell.count <= 8 {
                    out += cell
                    continue
                }
                var minX = Double.infinity
                var maxX = -Double.infinity
                var minY = Double.infinity
                var maxY = -Double.infinity
                for v in cell {
                    minX = min(minX, x[Int(v)])
                    maxX = max(maxX, x[Int(v)])
                    minY = min(minY, y[Int(v)])
                    maxY = max(maxY, y[Int(v)])
                }
                let alongX = maxX - minX >= maxY - minY
                let sorted = cell.sorted {
                    alongX ? (x[Int($0)], $0) < (x[Int($1)], $1) : (y[Int($0)], $0) < (y[Int($1)], $1)
                }
                let half = sorted.count / 2
                for (i, v) in sorted.enumerated() { side[Int(v)] = i < half ? 1 : 2 }
                // The boundary of each side; the smaller becomes the separator.
                var boundary: [[Int32]] = [[], []]
                for v in sorted {
                    let s = side[Int(v)]
                    for k in Int(start[Int(v)])..<Int(start[Int(v) + 1]) {
                        let w = side[Int(neighbours[k])]
                        if w != 0 && w != s {
                            boundary[Int(s) - 1].append(v)
                            break
                        }
                    }
                }
                let cut: UInt8 = boundary[0].count <= boundary[1].count ? 1 : 2
                let separator = boundary[Int(cut) - 1]
                for v in separator { side[Int(v)] = 3 }
                var left: [Int32] = []
                var right: [Int32] = []
                left.reserveCapacity(half)
                right.reserveCapacity(sorted.count - half)
                for v in sorted {
                    switch side[Int(v)] {
                    case 1: left.append(v)
                    case 2: right.append(v)
                    default: break
                    }
                    side[Int(v)] = 0
                }
                if left.isEmpty || right.isEmpty {
                    // Degenerate (all at one point): no progress by splitting.
                    out += left + right + separator
                    continue
                }
                stack.append(.emit(separator))
                stack.append(.cell(right))
                stack.append(.cell(left))
            }
        }
        return out
    }
}

/// The compact heads of a hierarchy's upward edges over raw storage (``ContractionHierarchy``'s
/// `run`, `restStart` and `rest`), for the customization's and the queries' inner loops.
struct Heads: @unchecked Sendable {
    let start: UnsafePointer<Int32>
    let run: UnsafePointer<Int32>
    let restStart: UnsafePointer<Int32>
    let rest: UnsafePointer<Int32>

    /// The head of edge `e`, an upward edge of rank `r`.
    @inline(__always) func head(_ r: Int, _ e: Int) -> Int32 {
        let i = e - Int(start[r])
        let length = Int(run[r])
        return i < length ? Int32(r + 1 + i) : rest[Int(restStart[r]) + i - length]
    }

    /// Calls `body` with each upward edge of rank `r` and its head, ascending: the run, then
    /// the stored rest (no test per edge).
    @inline(__always) func forEachEdge(of r: Int, _ body: (_ edge: Int, _ head: Int) -> Void) {
        let s = Int(start[r])
        let length = Int(run[r])
        for i in 0..<length { body(s + i, r + 1 + i) }
        let base = Int(restStart[r]) - (s + length)
        for k in (s + length)..<Int(start[r + 1]) { body(k, Int(rest[base + k])) }
    }

    /// The edge from rank `r` up to rank `target` (it must be there), by binary search.
    func find(_ target: Int32, rank r: Int) -> Int32 {
        var lo = Int(start[r])
        var hi = Int(start[r + 1])
        while lo < hi {
            let mid = (lo + hi) / 2
            if head(r, mid) < target { lo = mid + 1 } else { hi = mid }
        }
        precondition(lo < Int(start[r + 1]) && head(r, lo) == target, "a contraction edge is missing")
        return Int32(lo)
    }

    /// The edge from rank `a` up to rank `b` (which must be one of its heads), at or after edge
    /// `k` when `b` lies beyond `a`'s run (for a scan over ascending `b`).
    @inline(__always) func seek(_ b: Int32, rank a: Int, from k: Int) -> Int {
        let s = Int(start[a])
        let length = Int(run[a])
        let offset = Int(b) - a - 1
        if offset < length { return s + offset }
        let base = Int(restStart[a]) - (s + length)
        var k = max(k, s + length)
        while rest[base + k] < b { k += 1 }
        return k
    }
}

/// The lower neighbours of each rank, ascending (`start[r]..<start[r + 1]`), with the edge to
/// each: the downward view of the contraction's edges.
struct LowerNeighbours: Sendable {
    let start: [Int32]
    let tail: [Int32]
    let edge: [Int32]
}

/// A value built on first use, once, under a lock, then shared between threads.
final class BuiltOnce<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    func get(_ make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let v = make()
        value = v
        return v
    }
}
