/// Disjoint sets over 0..<n with path halving: which elements are joined, for connected
/// components ignoring direction. The representative of a set is its smallest element when
/// sets are joined with ``union(_:_:)``.
package struct UnionFind: Sendable {
    private var parent: [Int32]

    package init(count: Int) { parent = Array(0..<Int32(count)) }

    package var count: Int { parent.count }

    /// Adds one element in a set of its own and returns it.
    package mutating func add() -> Int32 {
        let n = Int32(parent.count)
        parent.append(n)
        return n
    }

    package mutating func find(_ x: Int32) -> Int32 {
        var x = x
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return x
    }

    /// Joins the sets of `a` and `b`; the smaller representative stands for both.
    package mutating func union(_ a: Int32, _ b: Int32) {
        let ra = find(a)
        let rb = find(b)
        if ra != rb { parent[Int(max(ra, rb))] = min(ra, rb) }
    }
}
