import Foundation
import GeoKit
import TownGraphModel

/// The union of the bands (buffers of width w) around many lines in a metric CRS, fast for
/// dense networks and equal to uniting every line's buffer (up to how round joins are
/// approximated by segments).
///
/// Uniting one buffer per line is exact but slow when the bands overlap heavily (a dense
/// network within an isochrone). Most of those lines lie deep inside the result and only add
/// work. A distance field on a grid (a Euclidean distance transform of the lines) finds them:
///
/// 1. Grid nodes whose distance to the lines is below w − 2r (r: grid spacing) are *deep*;
///    the region they span, traced by marching squares, lies inside the result.
/// 2. A line is *kept* when a non-deep node lies within w + 3r of it; every other line's band
///    falls inside the deep region.
/// 3. The result is the union of the kept lines' buffers (chains merged first) and the deep
///    region: the same set as the union of all buffers, at a fraction of the cost.
enum BandUnion {
    /// `covered` are lines whose bands are already in hand (an inner isochrone): they count in
    /// the distance field, so new lines deep inside them are dropped, but are not buffered.
    static func union(
        _ pieces: [[Coordinate]], width w: Double, quadrantSegments: Int, context: GEOSContext,
        covered: [[Coordinate]] = [], directBelow: Int = 2000
    ) throws -> GEOSGeometry {
        guard pieces.count >= directBelow else {
            return try GEOSGeometry.unionOfBuffers(pieces, width: w, quadrantSegments: quadrantSegments, in: context)
        }
        var minX = Double.infinity
        var minY = Double.infinity
        var maxX = -Double.infinity
        var maxY = -Double.infinity
        for p in pieces + covered {
            for c in p {
                minX = min(minX, c.x)
                maxX = max(maxX, c.x)
                minY = min(minY, c.y)
                maxY = max(maxY, c.y)
            }
        }
        let r = max(w / 5, ((maxX - minX + 2 * w) * (maxY - minY + 2 * w) / 4e6).squareRoot())
        let pad = w + 4 * r
        let x0 = minX - pad
        let y0 = minY - pad
        let nx = Int(((maxX - minX + 2 * pad) / r).rounded(.up)) + 1
        let ny = Int(((maxY - minY + 2 * pad) / r).rounded(.up)) + 1
        let n = nx * ny

        // Seeds: grid nodes nearest to points sampled along each line (every r/2).
        func nodes(along p: [Coordinate], _ visit: (Int) -> Void) {
            for k in 0..<(p.count - 1) {
                let a = p[k]
                let b = p[k + 1]
                let steps = max(1, Int((hypot(b.x - a.x, b.y - a.y) / (r / 2)).rounded(.up)))
                for s in 0...steps {
                    let t = Double(s) / Double(steps)
                    let i = Int(((a.x + t * (b.x - a.x) - x0) / r).rounded())
                    let j = Int(((a.y + t * (b.y - a.y) - y0) / r).rounded())
                    visit(j * nx + i)
                }
            }
        }
        var seedStart = [Int]()
        var seeds = [Int32]()
        var f = [Double](repeating: 1e20, count: n)
        for p in covered { nodes(along: p) { f[$0] = 0 } }
        for p in pieces {
            seedStart.append(seeds.count)
            let first = seeds.count
            nodes(along: p) { idx in
                f[idx] = 0
                // Repeats within a piece are skipped; each piece keeps its own seeds.
                if seeds.count == first || seeds.last != Int32(idx) { seeds.append(Int32(idx)) }
            }
        }
        seedStart.append(seeds.count)
        let d1 = DistanceTransform.squared(f, nx: nx, ny: ny)
        let level = w - 2 * r
        let deepLimit = (level / r) * (level / r)  // in squared cell units
        var f2 = [Double](repeating: 0, count: n)
        var anyDeep = false
        for i in 0..<n {
            if d1[i] < deepLimit {
                f2[i] = 1e20
                anyDeep = true
            }
        }
        guard anyDeep else {
            return try GEOSGeometry.unionOfBuffers(pieces, width: w, quadrantSegments: quadrantSegments, in: context)
        }
        // Distance from every node to the nearest non-deep node.
        let d2 = DistanceTransform.squared(f2, nx: nx, ny: ny)
        let keepLimit = ((w + 3 * r) / r) * ((w + 3 * r) / r)
        var kept: [[Coordinate]] = []
        for (k, p) in pieces.enumerated() {
            if seeds[seedStart[k]..<seedStart[k + 1]].contains(where: { d2[Int($0)] <= keepLimit }) { kept.append(p) }
        }
        let field = d1.map { $0.squareRoot() * r }
        let deep = try deepRegion(field, nx: nx, ny: ny, x0: x0, y0: y0, r: r, level: level, context: context)
        // Chains of kept pieces buffer faster as single lines.
        let merged = try GEOSGeometry(.multiLineString(kept), in: context).lineMerge().value()
        let lines: [[Coordinate]]
        switch merged {
        case .multiLineString(let ls): lines = ls
        case .lineString(let l): lines = [l]
        default: lines = kept
        }
        let result = try GEOSGeometry.unionOfBuffers(
            lines, width: w, quadrantSegments: quadrantSegments, in: context, plus: [deep])
        return result
    }

    /// The region where the field is below `level`, traced by marching squares and assembled
    /// into polygons with GEOS polygonize.
    static func deepRegion(
        _ field: [Double], nx: Int, ny: Int, x0: Double, y0: Double, r: Double, level: Double,
        context: GEOSContext
    ) throws -> GEOSGeometry {
        func value(_ i: Int, _ j: Int) -> Double { field[j * nx + i] }
        // Crossing points, computed the same way from both cells sharing an edge.
        func horizontal(_ i: Int, _ j: Int) -> Coordinate {
            let a = value(i, j)
            let b = value(i + 1, j)
            let t = (level - a) / (b - a)
            return Coordinate(x: x0 + (Double(i) + t) * r, y: y0 + Double(j) * r)
        }
        func vertical(_ i: Int, _ j: Int) -> Coordinate {
            let a = value(i, j)
            let b = value(i, j + 1)
            let t = (level - a) / (b - a)
            return Coordinate(x: x0 + Double(i) * r, y: y0 + (Double(j) + t) * r)
        }
        var segments: [[Coordinate]] = []
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) {
                let a = value(i, j) < level
                let b = value(i + 1, j) < level
                let c = value(i + 1, j + 1) < level
                let d = value(i, j + 1) < level
                let code = (a ? 1 : 0) | (b ? 2 : 0) | (c ? 4 : 0) | (d ? 8 : 0)
                if code == 0 || code == 15 { continue }
                let bottom = { horizontal(i, j) }
                let top = { horizontal(i, j + 1) }
                let left = { vertical(i, j) }
                let right = { vertical(i + 1, j) }
                let centreInside = (value(i, j) + value(i + 1, j) + value(i + 1, j + 1) + value(i, j + 1)) / 4 < level
                switch code {
                case 1, 14: segments.append([left(), bottom()])
                case 2, 13: segments.append([bottom(), right()])
                case 3, 12: segments.append([left(), right()])
                case 4, 11: segments.append([right(), top()])
                case 6, 9: segments.append([bottom(), top()])
                case 7, 8: segments.append([left(), top()])
                case 5:
                    if centreInside {
                        segments.append([bottom(), right()])
                        segments.append([left(), top()])
                    } else {
                        segments.append([left(), bottom()])
                        segments.append([right(), top()])
                    }
                case 10:
                    if centreInside {
                        segments.append([left(), bottom()])
                        segments.append([right(), top()])
                    } else {
                        segments.append([bottom(), right()])
                        segments.append([left(), top()])
                    }
                default: break
                }
            }
        }
        let lines = try GEOSGeometry(.multiLineString(segments), in: context).lineMerge()
        let faces = try GEOSGeometry.polygonize(lines)
        // Classify each face by a grid node inside it: every face holds at least one node,
        // and a node's own value is exact (interpolating between nodes is not).
        var inside: [[[Coordinate]]] = []
        for k in 0..<(try faces.partCount) {
            let face = try faces.part(k)
            guard case .polygon(let rings) = try face.value(), let box = Geometry.polygon(rings).boundingBox else {
                continue
            }
            let prepared = try PreparedGeometry(face)
            let i0 = max(0, Int(((box.minX - x0) / r).rounded(.up)))
            let i1 = min(nx - 1, Int(((box.maxX - x0) / r).rounded(.down)))
            let j0 = max(0, Int(((box.minY - y0) / r).rounded(.up)))
            let j1 = min(ny - 1, Int(((box.maxY - y0) / r).rounded(.down)))
            var verdict: Bool?
            search: for j in stride(from: j0, through: j1, by: 1) where j0 <= j1 {
                for i in stride(from: i0, through: i1, by: 1) where i0 <= i1 {
                    if try prepared.contains(Coordinate(x: x0 + Double(i) * r, y: y0 + Double(j) * r)) {
                        verdict = value(i, j) < level
                        break search
                    }
                }
            }
            if verdict == true { inside.append(rings) }
        }
        return try GEOSGeometry(.multiPolygon(inside), in: context)
    }
}

/// Exact Euclidean distance transform (Felzenszwalb & Huttenlocher): squared distances, in
/// grid units, from every node to the nearest node whose input value is 0 (others 1e20).
enum DistanceTransform {
    static func squared(_ input: [Double], nx: Int, ny: Int) -> [Double] {
        var out = input
        let longest = max(nx, ny)
        var f = [Double](repeating: 0, count: longest)
        var d = [Double](repeating: 0, count: longest)
        var v = [Int](repeating: 0, count: longest)
        var z = [Double](repeating: 0, count: longest + 1)
        func pass(_ count: Int) {
            var k = 0
            v[0] = 0
            z[0] = -.infinity
            z[1] = .infinity
            if count > 1 {
                for q in 1..<count {
                    var s = ((f[q] + Double(q * q)) - (f[v[k]] + Double(v[k] * v[k]))) / Double(2 * q - 2 * v[k])
                    while s <= z[k] {
                        k -= 1
                        s = ((f[q] + Double(q * q)) - (f[v[k]] + Double(v[k] * v[k]))) / Double(2 * q - 2 * v[k])
                    }
                    k += 1
                    v[k] = q
                    z[k] = s
                    z[k + 1] = .infinity
                }
            }
            k = 0
            for q in 0..<count {
                while z[k + 1] < Double(q) { k += 1 }
                let dq = Double(q - v[k])
                d[q] = dq * dq + f[v[k]]
            }
        }
        // Columns, then rows.
        for i in 0..<nx {
            for j in 0..<ny { f[j] = out[j * nx + i] }
            pass(ny)
            for j in 0..<ny { out[j * nx + i] = d[j] }
        }
        for j in 0..<ny {
            for i in 0..<nx { f[i] = out[j * nx + i] }
            pass(nx)
            for i in 0..<nx { out[j * nx + i] = d[i] }
        }
        return out
    }
}
