import Foundation
import GeoKit

/// A uniform grid over polylines in a metric CRS, for "which line is nearest to this point?"
/// when places attach to the road, without a geometry object per road segment (GEOS lines
/// for every segment of a million-node network took some 450 MB).
///
/// Each line is sampled every half cell along its pieces, ends included, and listed in the
/// cell of every sample (compressed sparse rows, no dictionary). Every point of a line then
/// lies within a quarter cell of one of its samples, so a search that has looked at every
/// cell within `k` cells of the query point has seen every line closer than
/// `(k - 1/4) × cell`.
struct SegmentGrid {
    let minX: Double
    let minY: Double
    let cell: Double
    let columns: Int
    let rows: Int
    /// The lines listed in cell `c` (row-major): `items[cellStart[c]..<cellStart[c + 1]]`.
    let cellStart: [Int32]
    let items: [Int32]

    /// A grid over `lines` (positions in the list are what ``nearest(to:distance:)``
    /// returns). The cell is about the square root of the extent's area per line, and
    /// coarse enough that the samples stay within a few per line and a row or a column of
    /// cells within one per line, whatever the lines' lengths and the extent's shape.
    init(lines: [ArraySlice<Coordinate>]) {
        var minX = Double.infinity
        var minY = Double.infinity
        var maxX = -Double.infinity
        var maxY = -Double.infinity
        var total = 0.0
        for line in lines {
            for c in line {
                minX = min(minX, c.x)
                minY = min(minY, c.y)
                maxX = max(maxX, c.x)
                maxY = max(maxY, c.y)
            }
            for (a, b) in zip(line, line.dropFirst()) { total += hypot(b.x - a.x, b.y - a.y) }
        }
        if !minX.isFinite { (minX, minY, maxX, maxY) = (0, 0, 0, 0) }
        let n = Double(max(1, lines.count))
        let width = maxX - minX
        let height = maxY - minY
        let cell = max(1, (width * height / n).squareRoot(), max(width, height) / n, total / (4 * n))
        let columns = Int(width / cell) + 1
        let rows = Int(height / cell) + 1
        let (x0, y0) = (minX, minY)
        func cellIndex(_ x: Double, _ y: Double) -> Int {
            Self.clamp((y - y0) / cell, rows) * columns + Self.clamp((x - x0) / cell, columns)
        }

        // Two passes over the samples: count per cell, then fill.
        var cellStart = [Int32](repeating: 0, count: columns * rows + 1)
        func eachCell(of line: ArraySlice<Coordinate>, _ body: (Int) -> Void) {
            var last = -1
            func visit(_ x: Double, _ y: Double) {
                let c = cellIndex(x, y)
                if c != last {
                    body(c)
                    last = c
                }
            }
            guard let first = line.first else { return }
            visit(first.x, first.y)
            for (a, b) in zip(line, line.dropFirst()) {
                let steps = Int((hypot(b.x - a.x, b.y - a.y) / (cell / 2)).rounded(.up))
                if steps > 1 {
                    for s in 1..<steps {
                        let t = Double(s) / Double(steps)
                        visit(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
                    }
                }
                visit(b.x, b.y)
            }
        }
        for line in lines { eachCell(of: line) { cellStart[$0 + 1] += 1 } }
        for c in 0..<(columns * rows) { cellStart[c + 1] += cellStart[c] }
        var fill = Array(cellStart.dropLast())
        var items = [Int32](repeating: 0, count: Int(cellStart[columns * rows]))
        for (i, line) in lines.enumerated() {
            eachCell(of: line) {
                items[Int(fill[$0])] = Int32(i)
                fill[$0] += 1
            }
        }
        self.minX = minX
        self.minY = minY
        self.cell = cell
        self.columns = columns
        self.rows = rows
        self.cellStart = cellStart
        self.items = items
    }

    /// The cell (0..<count) of a position `cells` cells from the grid's edge, clamped.
    private static func clamp(_ cells: Double, _ count: Int) -> Int {
        cells.isNaN ? 0 : Int(min(Double(count - 1), max(0, cells.rounded(.down))))
    }
    private func column(_ x: Double) -> Int { Self.clamp((x - minX) / cell, columns) }
    private func row(_ y: Double) -> Int { Self.clamp((y - minY) / cell, rows) }

    /// The line nearest to `p` by `distance` (the exact distance from `p` to the line at a
    /// position), the lowest position among equals; nil when there are no lines.
    func nearest(to p: Coordinate, distance: (Int) -> Double) -> (index: Int, distance: Double)? {
        // The search starts from the cell of p's nearest point p' in the grid's box. For a
        // sample s in a cell k cells away, |p - s|² ≥ |p - p'|² + ((k - 1) cell)² (p' is p's
        // projection on a convex set holding s), and a line comes within a quarter cell of
        // one of its samples.
        let cx = column(p.x)
        let cy = row(p.y)
        let px = min(max(p.x, minX), minX + Double(columns) * cell)
        let py = min(max(p.y, minY), minY + Double(rows) * cell)
        let outside2 = (p.x - px) * (p.x - px) + (p.y - py) * (p.y - py)
        var best: (index: Int, distance: Double)?
        var seen = Set<Int32>()
        func look(_ x: Int, _ y: Int) {
            let c = y * columns + x
            for i in Int(cellStart[c])..<Int(cellStart[c + 1]) where seen.insert(items[i]).inserted {
                let line = Int(items[i])
                let d = distance(line)
                if best == nil || d < best!.distance || (d == best!.distance && line < best!.index) {
                    best = (line, d)
                }
            }
        }
        for k in 0...max(columns, rows) {
            let gap = Double(max(0, k - 1)) * cell
            if let best, best.distance < (outside2 + gap * gap).squareRoot() - cell / 4 { break }
            let x0 = max(0, cx - k)
            let x1 = min(columns - 1, cx + k)
            for y in max(0, cy - k)...min(rows - 1, cy + k) {
                if y == cy - k || y == cy + k {
                    for x in x0...x1 { look(x, y) }
                } else {
                    if cx - k >= 0 { look(cx - k, y) }
                    if k > 0 && cx + k < columns { look(cx + k, y) }
                }
            }
        }
        return best
    }
}
