import CGEOS

/// A geometry prepared for many repeated predicate tests against it, such as
/// "which of these 10,000 points lie in this county?".
///
/// Keeps its base ``GEOSGeometry`` alive; bound to the same context.
public final class PreparedGeometry {
    public let base: GEOSGeometry
    let handle: OpaquePointer

    public init(_ base: GEOSGeometry) throws {
        self.base = base
        self.handle = try base.context.check("GEOSPrepare_r", GEOSPrepare_r(base.context.handle, base.handle))
    }

    deinit {
        GEOSPreparedGeom_destroy_r(base.context.handle, handle)
    }

    private func test(
        _ name: String, _ other: GEOSGeometry,
        _ fn: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar
    ) throws -> Bool {
        try base.context.predicate(name, fn(base.context.handle, handle, other.handle))
    }

    public func contains(_ other: GEOSGeometry) throws -> Bool {
        try test("GEOSPreparedContains_r", other, GEOSPreparedContains_r)
    }
    public func covers(_ other: GEOSGeometry) throws -> Bool {
        try test("GEOSPreparedCovers_r", other, GEOSPreparedCovers_r)
    }
    public func intersects(_ other: GEOSGeometry) throws -> Bool {
        try test("GEOSPreparedIntersects_r", other, GEOSPreparedIntersects_r)
    }
    public func touches(_ other: GEOSGeometry) throws -> Bool {
        try test("GEOSPreparedTouches_r", other, GEOSPreparedTouches_r)
    }
    public func within(_ other: GEOSGeometry) throws -> Bool {
        try test("GEOSPreparedWithin_r", other, GEOSPreparedWithin_r)
    }

    /// Whether the prepared geometry contains the point (x, y), without building a geometry
    /// for the point (GEOS 3.12 has a direct call; here a point is built in the same context).
    public func contains(_ point: Coordinate) throws -> Bool {
        try contains(GEOSGeometry(.point(point), in: base.context))
    }
}
