import TownGraphModel

/// A uniform grid over points in a metric CRS, for "which points lie within r metres?"
/// when r is small compared with the extent (snapping, interchange matching).
struct PointGrid {
    let cell: Double
    private var buckets: [Int64: [Int32]] = [:]
    private(set) var xs: [Double] = []
    private(set) var ys: [Double] = []

    init(cell: Double) { self.cell = max(cell, 1e-9) }

    private func key(_ ix: Int64, _ iy: Int64) -> Int64 { (ix &* 73_856_093) ^ (iy &* 19_349_663) }
    private func cellOf(_ v: Double) -> Int64 { Int64((v / cell).rounded(.down)) }

    mutating func insert(x: Double, y: Double) -> Int32 {
        let i = Int32(xs.count)
        xs.append(x)
        ys.append(y)
        buckets[key(cellOf(x), cellOf(y)), default: []].append(i)
        return i
    }

    /// The nearest stored point within `radius` (≤ the cell size gives a 3×3 search), or nil.
    func nearest(
        x: Double, y: Double, within radius: Double, where accept: (Int32) -> Bool = { _ in true }
    ) -> (index: Int32, distance: Double)? {
        let reach = Int64((radius / cell).rounded(.up))
        let cx = cellOf(x)
        let cy = cellOf(y)
        var best: (Int32, Double)?
        for dx in -reach...reach {
            for dy in -reach...reach {
                guard let items = buckets[key(cx + dx, cy + dy)] else { continue }
                for i in items {
                    let d = ((xs[Int(i)] - x) * (xs[Int(i)] - x) + (ys[Int(i)] - y) * (ys[Int(i)] - y)).squareRoot()
                    if d <= radius, d < (best?.1 ?? .infinity), accept(i) { best = (i, d) }
                }
            }
        }
        return best
    }
}
