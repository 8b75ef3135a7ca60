import CGEOS

/// An STRtree over a fixed list of geometries, answering "which items may intersect this
/// envelope?" and "which item is nearest?" with the items' positions in the list.
///
/// Bound to one ``GEOSContext``; see there for threads.
public final class SpatialIndex {
    public let context: GEOSContext
    /// The indexed geometries, in the order given; query results are positions in it.
    public let items: [GEOSGeometry]
    private let tree: OpaquePointer

    /// Builds the tree. `nodeCapacity` is the STRtree's node size (GEOS's default is 10).
    public init(_ items: [GEOSGeometry], in context: GEOSContext, nodeCapacity: Int = 10) throws {
        self.context = context
        self.items = items
        self.tree = try context.check(
            "GEOSSTRtree_create_r", GEOSSTRtree_create_r(context.handle, max(2, nodeCapacity)))
        for (i, item) in items.enumerated() {
            // The item pointer carries the position + 1 (a null item would read as "none").
            GEOSSTRtree_insert_r(context.handle, tree, item.handle, UnsafeMutableRawPointer(bitPattern: i + 1))
        }
        // GEOS 3.11 builds the tree on the first query.
    }

    /// Convenience: converts the values into the given context, then builds the tree.
    public convenience init(_ geometries: [Geometry], in context: GEOSContext) throws {
        try self.init(geometries.map { try GEOSGeometry($0, in: context) }, in: context)
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, tree)
    }

    private final class Hits { var positions: [Int] = [] }

    /// Positions of the items whose envelopes intersect the envelope of `geometry`, sorted.
    /// Candidates only: test the exact predicate on them.
    public func candidates(intersecting geometry: GEOSGeometry) -> [Int] {
        let hits = Hits()
        withExtendedLifetime(hits) {
            GEOSSTRtree_query_r(
                context.handle, tree, geometry.handle,
                { item, userdata in
                    guard let item, let userdata else { return }
                    Unmanaged<Hits>.fromOpaque(userdata).takeUnretainedValue().positions.append(
                        Int(bitPattern: item) - 1)
                }, Unmanaged.passUnretained(hits).toOpaque())
        }
        return hits.positions.sorted()
    }

    /// Positions of the items that truly intersect `geometry`.
    public func query(intersecting geometry: GEOSGeometry) throws -> [Int] {
        try candidates(intersecting: geometry).filter { try items[$0].intersects(geometry) }
    }

    /// The position of the item nearest to `geometry` (by exact GEOS distance), or nil when
    /// the index is empty.
    public func nearest(to geometry: GEOSGeometry) throws -> Int? {
        guard !items.isEmpty else { return nil }
        queryHandle = geometry.handle
        defer { queryHandle = nil }
        let result = GEOSSTRtree_nearest_generic_r(
            context.handle, tree, UnsafeRawPointer(bitPattern: -1), geometry.handle,
            { item1, item2, distance, userdata in
                // item2 is the query marker (-1) or a tree item; item1 likewise.
                guard let userdata, let distance else { return 0 }
                let index = Unmanaged<SpatialIndex>.fromOpaque(userdata).takeUnretainedValue()
                func geometry(_ p: UnsafeRawPointer?) -> OpaquePointer? {
                    let tag = Int(bitPattern: p)
                    return tag == -1 ? index.queryHandle : index.items[tag - 1].handle
                }
                guard let a = geometry(item1), let b = geometry(item2) else { return 0 }
                return GEOSDistance_r(index.context.handle, a, b, distance)
            },
            Unmanaged.passUnretained(self).toOpaque())
        guard let result else { throw context.error("GEOSSTRtree_nearest_generic_r") }
        return Int(bitPattern: result) - 1
    }

    /// The query geometry during ``nearest(to:)``.
    fileprivate var queryHandle: OpaquePointer?
}
