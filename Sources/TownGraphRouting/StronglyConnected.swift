/// Strongly connected components of a directed graph: the parts in which every node reaches
/// every other along the arcs' directions.
package enum StronglyConnected {
    /// The nodes of the largest strongly connected component of a directed graph given as
    /// arcs (from, to, oneway; a two-way arc goes both ways). Tarjan's algorithm, iterative,
    /// so that deep graphs do not overflow the stack.
    package static func largest(nodeCount n: Int, arcs: [(Int32, Int32, Bool)]) -> Set<Int32> {
        var degree = [Int32](repeating: 0, count: n + 1)
        for (a, b, oneway) in arcs {
            degree[Int(a)] += 1
            if !oneway { degree[Int(b)] += 1 }
        }
        var start = [Int32](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + degree[i] }
        var fill = start
        var target = [Int32](repeating: 0, count: Int(start[n]))
        for (a, b, oneway) in arcs {
            target[Int(fill[Int(a)])] = b
            fill[Int(a)] += 1
            if !oneway {
                target[Int(fill[Int(b)])] = a
                fill[Int(b)] += 1
            }
        }
        var index = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int32] = []
        var work: [(node: Int32, next: Int32)] = []
        var counter: Int32 = 0
        var best: [Int32] = []
        for root in 0..<Int32(n) where index[Int(root)] < 0 {
            work.append((root, start[Int(root)]))
            index[Int(root)] = counter
            low[Int(root)] = counter
            counter += 1
            stack.append(root)
            onStack[Int(root)] = true
            while let (v, next) = work.last {
                if next < start[Int(v) + 1] {
                    work[work.count - 1].next += 1
                    let w = target[Int(next)]
                    if index[Int(w)] < 0 {
                        index[Int(w)] = counter
                        low[Int(w)] = counter
                        counter += 1
                        stack.append(w)
                        onStack[Int(w)] = true
                        work.append((w, start[Int(w)]))
                    } else if onStack[Int(w)] {
                        low[Int(v)] = min(low[Int(v)], index[Int(w)])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[Int(parent)] = min(low[Int(parent)], low[Int(v)]) }
                if low[Int(v)] == index[Int(v)] {
                    var component: [Int32] = []
                    while true {
                        let w = stack.removeLast()
                        onStack[Int(w)] = false
                        component.append(w)
                        if w == v { break }
                    }
                    if component.count > best.count { best = component }
                }
            }
        }
        return Set(best)
    }
}
