import CGEOS

/// Operations that build a new geometry; the receiver is never changed.
extension GEOSGeometry {
    private func derive(_ name: String, _ result: OpaquePointer?) throws -> GEOSGeometry {
        GEOSGeometry(owning: try context.check(name, result), in: context)
    }

    /// The area within `width` of the geometry. `quadrantSegments` sets how many segments
    /// approximate a quarter circle.
    public func buffer(_ width: Double, quadrantSegments: Int = 8) throws -> GEOSGeometry {
        guard width.isFinite else { throw GeoKitError.invalidInput("buffer width \(width) is not finite") }
        return try derive("GEOSBuffer_r", GEOSBuffer_r(context.handle, handle, width, Int32(quadrantSegments)))
    }

    /// The union of all parts of the geometry (for example a collection of polygons).
    public func unaryUnion() throws -> GEOSGeometry {
        try derive("GEOSUnaryUnion_r", GEOSUnaryUnion_r(context.handle, handle))
    }

    public func union(_ other: GEOSGeometry) throws -> GEOSGeometry {
        try derive("GEOSUnion_r", GEOSUnion_r(context.handle, handle, other.handle))
    }

    /// The union computed on a grid of `gridSize` (snap-rounding): every vertex of the result
    /// lies on the grid and the result is valid there.
    public func union(_ other: GEOSGeometry, gridSize: Double) throws -> GEOSGeometry {
        try derive("GEOSUnionPrec_r", GEOSUnionPrec_r(context.handle, handle, other.handle, gridSize))
    }

    /// The geometry snapped to a grid of `gridSize`, kept valid (collapsed parts removed).
    public func snapped(toGrid gridSize: Double) throws -> GEOSGeometry {
        try derive("GEOSGeom_setPrecision_r", GEOSGeom_setPrecision_r(context.handle, handle, gridSize, 0))
    }

    public func intersection(_ other: GEOSGeometry) throws -> GEOSGeometry {
        try derive("GEOSIntersection_r", GEOSIntersection_r(context.handle, handle, other.handle))
    }

    public func difference(_ other: GEOSGeometry) throws -> GEOSGeometry {
        try derive("GEOSDifference_r", GEOSDifference_r(context.handle, handle, other.handle))
    }

    public func convexHull() throws -> GEOSGeometry {
        try derive("GEOSConvexHull_r", GEOSConvexHull_r(context.handle, handle))
    }

    /// The concave hull of the geometry's vertices (GEOS 3.11). `ratio` runs from 0
    /// (tightest) to 1 (the convex hull).
    public func concaveHull(ratio: Double, allowHoles: Bool = false) throws -> GEOSGeometry {
        guard (0...1).contains(ratio) else {
            throw GeoKitError.invalidInput("concave hull ratio must lie between 0 and 1, got \(ratio)")
        }
        return try derive("GEOSConcaveHull_r", GEOSConcaveHull_r(context.handle, handle, ratio, allowHoles ? 1 : 0))
    }

    public func centroid() throws -> GEOSGeometry {
        try derive("GEOSGetCentroid_r", GEOSGetCentroid_r(context.handle, handle))
    }

    /// A point guaranteed to lie inside the geometry (unlike the centroid of a crescent).
    public func pointOnSurface() throws -> GEOSGeometry {
        try derive("GEOSPointOnSurface_r", GEOSPointOnSurface_r(context.handle, handle))
    }

    public func envelope() throws -> GEOSGeometry {
        try derive("GEOSEnvelope_r", GEOSEnvelope_r(context.handle, handle))
    }

    /// Voronoi cells of the geometry's vertices, clipped to `envelope` when given.
    public func voronoiDiagram(envelope: GEOSGeometry? = nil, tolerance: Double = 0) throws -> GEOSGeometry {
        try derive("GEOSVoronoiDiagram_r", GEOSVoronoiDiagram_r(context.handle, handle, envelope?.handle, tolerance, 0))
    }
}

/// Validity (OGC simple features rules) with GEOS's reason, and repair.
extension GEOSGeometry {
    public var isValid: Bool {
        get throws { try context.predicate("GEOSisValid_r", GEOSisValid_r(context.handle, handle)) }
    }

    /// "Valid Geometry", or why the geometry is invalid with the location, for example
    /// "Self-intersection[0.5 0.5]".
    public func validityReason() throws -> String {
        let text = try context.check("GEOSisValidReason_r", GEOSisValidReason_r(context.handle, handle))
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// A valid geometry covering the same points, from GEOS's make-valid.
    public func makeValid() throws -> GEOSGeometry {
        try derive("GEOSMakeValid_r", GEOSMakeValid_r(context.handle, handle))
    }
}

/// Line work.
extension GEOSGeometry {
    /// Sews connected lines into as few linestrings as possible (fewer, longer lines buffer faster).
    public func lineMerge() throws -> GEOSGeometry {
        GEOSGeometry(owning: try context.check("GEOSLineMerge_r", GEOSLineMerge_r(context.handle, handle)), in: context)
    }

    /// The number of parts of a collection (1 for a single geometry).
    public var partCount: Int {
        get throws {
            let n = GEOSGetNumGeometries_r(context.handle, handle)
            guard n >= 0 else { throw context.error("GEOSGetNumGeometries_r") }
            return Int(n)
        }
    }

    /// The i-th part of a collection, copied.
    public func part(_ i: Int) throws -> GEOSGeometry {
        let p = try context.check("GEOSGetGeometryN_r", GEOSGetGeometryN_r(context.handle, handle, Int32(i)))
        return GEOSGeometry(
            owning: try context.check("GEOSGeom_clone_r", GEOSGeom_clone_r(context.handle, p)), in: context)
    }
}

extension GEOSGeometry {
    /// The union of the buffers of many lines: each line is buffered on its own, then all
    /// buffers are united by GEOS's cascaded union. Scales to hundreds of thousands of
    /// overlapping lines, where buffering them as one MultiLineString does not (its noding
    /// grows with the square of the overlaps).
    public static func unionOfBuffers(
        _ lines: [[Coordinate]], width: Double, quadrantSegments: Int = 8,
        in context: GEOSContext, plus extra: [GEOSGeometry] = []
    ) throws -> GEOSGeometry {
        guard width.isFinite, width > 0 else {
            throw GeoKitError.invalidInput("buffer width must be positive, got \(width)")
        }
        let buffers: [() throws -> OpaquePointer] = lines.filter { $0.count >= 2 }.map { line in
            {
                let g = try GEOSGeometry(.lineString(line), in: context)
                return try context.check(
                    "GEOSBuffer_r", GEOSBuffer_r(context.handle, g.handle, width, Int32(quadrantSegments)))
            }
        }
        let clones: [() throws -> OpaquePointer] = extra.map { g in
            {
                try context.check("GEOSGeom_clone_r", GEOSGeom_clone_r(context.handle, g.handle))
            }
        }
        let all = GEOSGeometry(owning: try collection(GEOS_GEOMETRYCOLLECTION, buffers + clones, context), in: context)
        return try all.unaryUnion()
    }
}

extension GEOSGeometry {
    /// The polygons formed by noded linework (GEOS polygonize): every face the lines enclose.
    public static func polygonize(_ lines: GEOSGeometry) throws -> GEOSGeometry {
        let ctx = lines.context
        var handles: [OpaquePointer?] = [lines.handle]
        let result = handles.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: OpaquePointer?.self) { ptr in
                GEOSPolygonize_r(ctx.handle, UnsafePointer(ptr.baseAddress), 1)
            }
        }
        return GEOSGeometry(owning: try ctx.check("GEOSPolygonize_r", result), in: ctx)
    }
}

extension GEOSGeometry {
    /// The boundary: the rings of a polygon, the end points of a line.
    public func boundary() throws -> GEOSGeometry {
        GEOSGeometry(owning: try context.check("GEOSBoundary_r", GEOSBoundary_r(context.handle, handle)), in: context)
    }
}
