import Foundation
import Testing

@testable import GeoKit

/// Each task uses its own GEOS context and PROJ transformer; results in parallel must equal
/// the serial ones exactly.
@Suite struct ConcurrencyTests {
    static func work(_ i: Int) throws -> Double {
        let ctx = try GEOSContext()
        let t = try CRSTransformer(from: "EPSG:4326", to: "EPSG:4549")
        var total = 0.0
        for k in 0..<40 {
            let c = try t.transform(Coordinate(lon: 118 + Double(i % 10) * 0.05, lat: 37 + Double(k) * 0.01))
            let g = try GEOSGeometry(.point(c), in: ctx).buffer(100 + Double(k))
            let u = try g.union(GEOSGeometry(.point(.init(x: c.x + 50, y: c.y)), in: ctx).buffer(80))
            total += try u.area()
        }
        return total
    }

    @Test func parallelTasksMatchSerialResults() throws {
        let n = 32
        let serial = try (0..<n).map(Self.work)
        let results = Results(count: n)
        DispatchQueue.concurrentPerform(iterations: n) { i in
            do { results.set(i, try Self.work(i)) } catch { results.fail("\(error)") }
        }
        #expect(results.failures.isEmpty)
        #expect(results.values == serial)
    }

    @Test func structuredConcurrencyWithValueGeometries() async throws {
        let polygons: [Geometry] = (0..<16).map { i in
            let x = Double(i)
            return .polygon([
                [.init(x: x, y: 0), .init(x: x + 2, y: 0), .init(x: x + 2, y: 2), .init(x: x, y: 2), .init(x: x, y: 0)]
            ])
        }
        let areas = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
            for (i, p) in polygons.enumerated() {
                group.addTask {
                    let ctx = try GEOSContext()
                    return (i, try GEOSGeometry(p, in: ctx).buffer(0.5).area())
                }
            }
            var out = [Double](repeating: 0, count: polygons.count)
            for try await (i, a) in group { out[i] = a }
            return out
        }
        let ctx = try GEOSContext()
        let serial = try polygons.map { try GEOSGeometry($0, in: ctx).buffer(0.5).area() }
        #expect(areas == serial)
    }
}

/// Results written from many threads under a lock.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Double]
    private var errors: [String] = []
    init(count: Int) { stored = [Double](repeating: .nan, count: count) }
    func set(_ i: Int, _ v: Double) {
        lock.lock()
        stored[i] = v
        lock.unlock()
    }
    func fail(_ s: String) {
        lock.lock()
        errors.append(s)
        lock.unlock()
    }
    var values: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
    var failures: [String] {
        lock.lock()
        defer { lock.unlock() }
        return errors
    }
}
