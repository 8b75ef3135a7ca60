import Foundation

/// Dijkstra's algorithm over a ``TravelGraph``, with a reusable workspace: one search object
/// per thread, many queries. Only the nodes a query touched are reset before the next one.
public final class ShortestPathSearch {
    public let graph: TravelGraph
    private var dist: [Double]
    private var pred: [Int32]
    private var predNode: [Int32]
    private var touched: [Int32] = []
    private var heapKey: [Double] = []
    private var heapNode: [Int32] = []
    public private(set) var source: Int32 = -1

    public init(graph: TravelGraph) {
        self.graph = graph
        dist = [Double](repeating: .infinity, count: graph.nodeCount)
        pred = [Int32](repeating: -1, count: graph.nodeCount)
        predNode = [Int32](repeating: -1, count: graph.nodeCount)
    }

    /// Computes travel times in seconds from `source` to every node reached within `cutoff`
    /// seconds. Nodes beyond the cut-off or unreachable read as infinity.
    public func run(from source: Int32, cutoff: Double = .infinity) {
        for u in touched { dist[Int(u)] = .infinity; pred[Int(u)] = -1 }
        touched.removeAll(keepingCapacity: true)
        heapKey.removeAll(keepingCapacity: true)
        heapNode.removeAll(keepingCapacity: true)
        self.source = source
        dist[Int(source)] = 0
        touched.append(source)
        push(0, source)
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.arcTarget.withUnsafeBufferPointer { target in
        graph.arcTime.withUnsafeBufferPointer { time in
        dist.withUnsafeMutableBufferPointer { dist in
        pred.withUnsafeMutableBufferPointer { pred in
        predNode.withUnsafeMutableBufferPointer { predNode in
            while !heapKey.isEmpty {
                let (d, u) = pop()
                if d > dist[Int(u)] { continue }          // stale entry
                if d > cutoff { break }
                for a in Int(offsets[Int(u)])..<Int(offsets[Int(u) + 1]) {
                    let v = Int(target[a])
                    let nd = d + time[a]
                    if nd < dist[v] && nd <= cutoff {
                        if dist[v] == .infinity { touched.append(Int32(v)) }
                        dist[v] = nd
                        pred[v] = Int32(a)
                        predNode[v] = u
                        push(nd, Int32(v))
                    }
                }
            }
        }}}}}}
    }

    /// Seconds from the last source to `node`; infinity when unreachable (or past the cut-off).
    public func seconds(to node: Int32) -> Double { dist[Int(node)] }

    /// The arcs of the fastest path from the last source to `node`, in travel order; nil
    /// when unreachable.
    public func arcs(to node: Int32) -> [Int32]? {
        guard dist[Int(node)].isFinite else { return nil }
        var out: [Int32] = []
        var v = node
        while v != source {
            let a = pred[Int(v)]
            out.append(a)
            v = predNode[Int(v)]
        }
        return out.reversed()
    }

    // A binary min-heap with lazy deletion, on two parallel arrays.
    @inline(__always) private func push(_ key: Double, _ node: Int32) {
        heapKey.append(key); heapNode.append(node)
        var i = heapKey.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if heapKey[p] <= key { break }
            heapKey[i] = heapKey[p]; heapNode[i] = heapNode[p]
            i = p
        }
        heapKey[i] = key; heapNode[i] = node
    }

    @inline(__always) private func pop() -> (Double, Int32) {
        let top = (heapKey[0], heapNode[0])
        let lastKey = heapKey.removeLast(), lastNode = heapNode.removeLast()
        let n = heapKey.count
        if n > 0 {
            var i = 0
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                let r = l + 1
                let c = (r < n && heapKey[r] < heapKey[l]) ? r : l
                if heapKey[c] >= lastKey { break }
                heapKey[i] = heapKey[c]; heapNode[i] = heapNode[c]
                i = c
            }
            heapKey[i] = lastKey; heapNode[i] = lastNode
        }
        return top
    }
}
