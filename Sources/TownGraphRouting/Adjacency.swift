/// The arcs leaving each node in compressed-sparse-row form: the arcs of node `u` are
/// `offsets[u]..<offsets[u + 1]`. A two-way segment gives two arcs, a one-way segment one.
/// What searches run on.
package struct Adjacency: Sendable {
    package let offsets: [Int32]
    package let target: [Int32]
    /// Seconds to drive the arc.
    package let time: [Double]
    /// The segment of each arc, and whether the arc runs along it (else against it).
    package let segment: [Int32]
    package let forward: [Bool]

    package init(nodeCount n: Int, segments: RoadSegments) {
        var degree = [Int32](repeating: 0, count: n + 1)
        for i in segments.indices {
            degree[Int(segments.from[i])] += 1
            if !segments.oneway[i] { degree[Int(segments.to[i])] += 1 }
        }
        var offsets = [Int32](repeating: 0, count: n + 1)
        for u in 0..<n { offsets[u + 1] = offsets[u] + degree[u] }
        let m = Int(offsets[n])
        var target = [Int32](repeating: 0, count: m)
        var time = [Double](repeating: 0, count: m)
        var segment = [Int32](repeating: 0, count: m)
        var forward = [Bool](repeating: true, count: m)
        var fill = Array(offsets.prefix(n))
        for i in segments.indices {
            let u = Int(segments.from[i])
            let v = Int(segments.to[i])
            var a = Int(fill[u])
            fill[u] += 1
            target[a] = Int32(v)
            time[a] = segments.time[i]
            segment[a] = Int32(i)
            forward[a] = true
            if !segments.oneway[i] {
                a = Int(fill[v])
                fill[v] += 1
                target[a] = Int32(u)
                time[a] = segments.time[i]
                segment[a] = Int32(i)
                forward[a] = false
            }
        }
        self.offsets = offsets
        self.target = target
        self.time = time
        self.segment = segment
        self.forward = forward
    }

    package var arcCount: Int { target.count }
}
