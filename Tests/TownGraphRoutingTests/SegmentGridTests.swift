import Foundation
import GeoKit
import PropertyBased
import Testing

@testable import TownGraphRouting

/// The grid that attaches places to roads finds the same line as looking at every line: the
/// nearest, the earliest among equals, for points inside, between and far outside the lines,
/// on long, short, zero-length and coincident lines.
@Suite struct SegmentGridTests {
    /// The exact distance from `p` to a polyline.
    static func distance(_ p: Coordinate, _ line: ArraySlice<Coordinate>) -> Double {
        guard let first = line.first else { return .infinity }
        var best = hypot(p.x - first.x, p.y - first.y)
        for (a, b) in zip(line, line.dropFirst()) {
            let dx = b.x - a.x
            let dy = b.y - a.y
            let len2 = dx * dx + dy * dy
            let t = len2 > 0 ? max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0
            best = min(best, hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)))
        }
        return best
    }

    static func bruteForce(_ p: Coordinate, _ lines: [ArraySlice<Coordinate>]) -> (index: Int, distance: Double)? {
        var best: (index: Int, distance: Double)?
        for (i, line) in lines.enumerated() {
            let d = distance(p, line)
            if best == nil || d < best!.distance { best = (i, d) }
        }
        return best
    }

    @Test func nearestLineEqualsLookingAtEveryLine() async {
        await propertyCheck(count: 80, input: Gen.int(in: 1...60), Gen.int(in: 0...1_000_000)) { count, seed in
            var state = UInt64(seed) &+ 1
            func next() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) / Double(1 << 53)
            }
            var lines: [ArraySlice<Coordinate>] = []
            for i in 0..<count {
                // Short streets, a few long roads across, zero-length lines, and repeats
                // (equal distances: the earliest must win).
                var line: [Coordinate] = []
                let start = Coordinate(x: next() * 10_000, y: next() * 10_000)
                line.append(start)
                switch i % 7 {
                case 0: line.append(Coordinate(x: next() * 10_000, y: next() * 10_000))
                case 1: line.append(start)
                case 2 where !lines.isEmpty: line = Array(lines[Int(next() * Double(lines.count))])
                default:
                    for _ in 0..<(1 + Int(next() * 3)) {
                        let last = line.last!
                        line.append(Coordinate(x: last.x + next() * 400 - 200, y: last.y + next() * 400 - 200))
                    }
                }
                lines.append(line[...])
            }
            let grid = SegmentGrid(lines: lines)
            for q in 0..<40 {
                // Inside the extent, on a line's vertex, and far outside it.
                let p: Coordinate
                switch q % 4 {
                case 0: p = lines[q % lines.count].first!
                case 1: p = Coordinate(x: next() * 2_000_000 - 1_000_000, y: next() * 2_000_000 - 1_000_000)
                default: p = Coordinate(x: next() * 12_000 - 1_000, y: next() * 12_000 - 1_000)
                }
                let want = Self.bruteForce(p, lines)
                let got = grid.nearest(to: p) { Self.distance(p, lines[$0]) }
                #expect(got?.index == want?.index, "count=\(count) seed=\(seed) point \(p)")
                #expect(got?.distance == want?.distance)
            }
        }
    }

    /// All lines at one point, or along one line: a degenerate extent still gives a small grid.
    @Test func degenerateExtents() {
        let point = Array(repeating: [Coordinate(x: 5, y: 5), Coordinate(x: 5, y: 5)][...], count: 3)
        let g1 = SegmentGrid(lines: point)
        #expect(g1.columns == 1 && g1.rows == 1)
        #expect(
            g1.nearest(to: Coordinate(x: 100, y: -3)) { Self.distance(Coordinate(x: 100, y: -3), point[$0]) }?.index
                == 0)
        // A long thin extent: 1,000 km along x, nothing along y.
        let thin = (0..<1000).map { i in
            [Coordinate(x: Double(i) * 1000, y: 0), Coordinate(x: Double(i + 1) * 1000, y: 0)][...]
        }
        let g2 = SegmentGrid(lines: thin)
        #expect(g2.columns * g2.rows <= 2 * thin.count + 2)
        let p = Coordinate(x: 123_456, y: 50)
        #expect(g2.nearest(to: p) { Self.distance(p, thin[$0]) }?.index == 123)
        #expect(SegmentGrid(lines: []).nearest(to: p) { _ in 0 } == nil)
    }
}
