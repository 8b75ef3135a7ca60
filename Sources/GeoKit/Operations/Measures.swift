import CGEOS

/// Planar measures in the units of the geometry's coordinates. Use them on geometries in
/// a metric CRS (see ``MetricProjection``): in degrees they mean nothing.
extension GEOSGeometry {
    private func measure(
        _ name: String, _ fn: (GEOSContextHandle_t, OpaquePointer, UnsafeMutablePointer<Double>) -> Int32
    ) throws -> Double {
        var value = 0.0
        guard fn(context.handle, handle, &value) != 0 else { throw context.error(name) }
        return value
    }

    public func area() throws -> Double { try measure("GEOSArea_r", GEOSArea_r) }
    public func length() throws -> Double { try measure("GEOSLength_r", GEOSLength_r) }

    /// The smallest distance between the two geometries.
    public func distance(to other: GEOSGeometry) throws -> Double {
        var value = 0.0
        guard GEOSDistance_r(context.handle, handle, other.handle, &value) != 0 else {
            throw context.error("GEOSDistance_r")
        }
        return value
    }

    /// The two closest points, one on each geometry.
    public func nearestPoints(to other: GEOSGeometry) throws -> (Coordinate, Coordinate) {
        let seq = try context.check("GEOSNearestPoints_r", GEOSNearestPoints_r(context.handle, handle, other.handle))
        defer { GEOSCoordSeq_destroy_r(context.handle, seq) }
        var a = Coordinate(x: 0, y: 0)
        var b = Coordinate(x: 0, y: 0)
        guard GEOSCoordSeq_getXY_r(context.handle, seq, 0, &a.x, &a.y) != 0,
            GEOSCoordSeq_getXY_r(context.handle, seq, 1, &b.x, &b.y) != 0
        else {
            throw context.error("GEOSCoordSeq_getXY_r")
        }
        return (a, b)
    }
}
