import Foundation
import TownGraphModel

/// Dijkstra's algorithm over a ``TravelGraph``, with a reusable workspace: one search object
/// per thread, many queries. Only the nodes a query touched are reset before the next one.
public final class ShortestPathSearch {
    public let graph: TravelGraph
    private var dist: [Double]
    private var pred: [Int32]
    private var predNode: [Int32]
    private var label: [Int32]
    private var touched: [Int32] = []
    private var heap = MinHeap()
    public private(set) var source: Int32 = -1
    private var pathsRecorded = false

    public init(graph: TravelGraph) {
        self.graph = graph
        dist = [Double](repeating: .infinity, count: graph.nodeCount)
        pred = [Int32](repeating: -1, count: graph.nodeCount)
        predNode = [Int32](repeating: -1, count: graph.nodeCount)
        label = [Int32](repeating: -1, count: graph.nodeCount)
    }

    /// Computes travel times in seconds from `source` to every node reached within `cutoff`
    /// seconds. Nodes beyond the cut-off or unreachable read as infinity.
    /// With `recordPaths` false, predecessors are not kept (faster; ``arcs(to:)`` then has
    /// nothing to return).
    public func run(from source: Int32, cutoff: Double = .infinity, recordPaths: Bool = true) {
        run(fromAny: [source], cutoff: cutoff, recordPaths: recordPaths)
    }

    /// Multi-source search: each node gets the time from the nearest of `sources`, and
    /// ``nearestSource(of:)`` tells which (its position in `sources`). Used for catchments
    /// and coverage.
    public func run(fromAny sources: [Int32], cutoff: Double = .infinity, recordPaths: Bool = true) {
        // Work on local copies (moved out, not copied) so the hot loop has no class-property
        // access and no exclusivity checks.
        var dist = [Double]()
        var pred = [Int32]()
        var predNode = [Int32]()
        var touched = [Int32]()
        var label = [Int32]()
        var heap = MinHeap()
        swap(&dist, &self.dist)
        swap(&pred, &self.pred)
        swap(&predNode, &self.predNode)
        swap(&touched, &self.touched)
        swap(&heap, &self.heap)
        swap(&label, &self.label)
        defer {
            swap(&dist, &self.dist)
            swap(&pred, &self.pred)
            swap(&predNode, &self.predNode)
            swap(&touched, &self.touched)
            swap(&heap, &self.heap)
            swap(&label, &self.label)
        }
        for u in touched {
            dist[Int(u)] = .infinity
            pred[Int(u)] = -1
            predNode[Int(u)] = -1
            label[Int(u)] = -1
        }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
        self.source = sources.count == 1 ? sources[0] : -1
        for (i, s) in sources.enumerated() where dist[Int(s)] != 0 {
            dist[Int(s)] = 0
            label[Int(s)] = Int32(i)
            touched.append(s)
            heap.push(0, s)
        }
        graph.adjacency.offsets.withUnsafeBufferPointer { offsets in
            graph.adjacency.target.withUnsafeBufferPointer { target in
                graph.adjacency.time.withUnsafeBufferPointer { time in
                    dist.withUnsafeMutableBufferPointer { dist in
                        pred.withUnsafeMutableBufferPointer { pred in
                            predNode.withUnsafeMutableBufferPointer { predNode in
                                label.withUnsafeMutableBufferPointer { label in
                                    while let (d, u) = heap.pop() {
                                        if d > dist[Int(u)] { continue }  // stale entry
                                        if d > cutoff { break }
                                        for a in Int(offsets[Int(u)])..<Int(offsets[Int(u) + 1]) {
                                            let v = Int(target[a])
                                            let nd = d + time[a]
                                            if nd < dist[v] && nd <= cutoff {
                                                if dist[v] == .infinity { touched.append(Int32(v)) }
                                                dist[v] = nd
                                                if recordPaths {
                                                    pred[v] = Int32(a)
                                                    predNode[v] = u
                                                }
                                                label[v] = label[Int(u)]
                                                heap.push(nd, Int32(v))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        pathsRecorded = recordPaths
    }

    /// Seconds from the last source to `node`; infinity when unreachable (or past the cut-off).
    public func seconds(to node: Int32) -> Double { dist[Int(node)] }

    /// For a multi-source search: the position in `sources` of the source nearest to `node`,
    /// or nil when no source reaches it.
    public func nearestSource(of node: Int32) -> Int? {
        dist[Int(node)].isFinite ? Int(label[Int(node)]) : nil
    }

    /// The arcs of the fastest path from the last source to `node`, in travel order; nil
    /// when unreachable.
    public func arcs(to node: Int32) -> [Int32]? {
        guard pathsRecorded, dist[Int(node)].isFinite else { return nil }
        var out: [Int32] = []
        var v = node
        // Sources have no predecessor; every other reached node has one.
        while pred[Int(v)] >= 0 {
            out.append(pred[Int(v)])
            v = predNode[Int(v)]
        }
        return out.reversed()
    }

}

/// A 4-ary min-heap of (time, node) entries with lazy deletion: stale entries are skipped
/// when popped. Four children per node make the heap shallower and sift-downs cache-friendly.
struct MinHeap {
    struct Entry {
        var key: Double
        var node: Int32
    }
    var items: [Entry] = []

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    @inline(__always) mutating func push(_ key: Double, _ node: Int32) {
        items.append(Entry(key: key, node: node))
        items.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            while i > 0 {
                let p = (i - 1) >> 2
                if h[p].key <= key { break }
                h[i] = h[p]
                i = p
            }
            h[i] = Entry(key: key, node: node)
        }
    }

    @inline(__always) mutating func pop() -> (Double, Int32)? {
        guard let last = items.popLast() else { return nil }
        if items.isEmpty { return (last.key, last.node) }
        return items.withUnsafeMutableBufferPointer { h -> (Double, Int32) in
            let top = h[0]
            let n = h.count
            var i = 0
            while true {
                let first = 4 * i + 1
                if first >= n { break }
                var c = first
                var ck = h[first].key
                let end = min(first + 4, n)
                var j = first + 1
                while j < end {
                    if h[j].key < ck {
                        c = j
                        ck = h[j].key
                    }
                    j += 1
                }
                if ck >= last.key { break }
                h[i] = h[c]
                i = c
            }
            h[i] = last
            return (top.key, top.node)
        }
    }
}
