import CGEOS

/// Spatial predicates (DE-9IM), each a verb as in Shapely.
extension GEOSGeometry {
    private func relate(
        _ name: String, _ other: GEOSGeometry,
        _ fn: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar
    ) throws -> Bool {
        try context.predicate(name, fn(context.handle, handle, other.handle))
    }

    public func intersects(_ other: GEOSGeometry) throws -> Bool {
        try relate("GEOSIntersects_r", other, GEOSIntersects_r)
    }
    public func contains(_ other: GEOSGeometry) throws -> Bool { try relate("GEOSContains_r", other, GEOSContains_r) }
    public func within(_ other: GEOSGeometry) throws -> Bool { try relate("GEOSWithin_r", other, GEOSWithin_r) }
    public func touches(_ other: GEOSGeometry) throws -> Bool { try relate("GEOSTouches_r", other, GEOSTouches_r) }
    public func covers(_ other: GEOSGeometry) throws -> Bool { try relate("GEOSCovers_r", other, GEOSCovers_r) }
    public func coveredBy(_ other: GEOSGeometry) throws -> Bool {
        try relate("GEOSCoveredBy_r", other, GEOSCoveredBy_r)
    }
    public func disjoint(_ other: GEOSGeometry) throws -> Bool { try relate("GEOSDisjoint_r", other, GEOSDisjoint_r) }

    /// Whether the geometry has no points at all.
    public var isEmpty: Bool {
        get throws { try context.predicate("GEOSisEmpty_r", GEOSisEmpty_r(context.handle, handle)) }
    }
}
