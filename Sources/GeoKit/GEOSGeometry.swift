import CGEOS
import Foundation

/// A geometry held by GEOS, owned by this object and freed when it goes away.
///
/// Make one from a ``Geometry`` value (or WKT/WKB) when a geometry takes part in several
/// operations, so it is converted once. Bound to its ``GEOSContext``; see there for threads.
public final class GEOSGeometry {
    public let context: GEOSContext
    let handle: OpaquePointer

    /// Takes ownership of a handle GEOS returned.
    init(owning handle: OpaquePointer, in context: GEOSContext) {
        self.handle = handle
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, handle)
    }

    /// Converts a value into GEOS.
    public convenience init(_ geometry: Geometry, in context: GEOSContext) throws {
        let h = try GEOSGeometry.build(geometry, context)
        self.init(owning: h, in: context)
    }

    // MARK: Building from values

    private static func sequence(_ coords: [Coordinate], _ ctx: GEOSContext) throws -> OpaquePointer {
        for c in coords where !c.isFinite {
            throw GeoKitError.invalidInput("coordinate \(c) is not a finite number")
        }
        var flat = [Double]()
        flat.reserveCapacity(coords.count * 2)
        for c in coords {
            flat.append(c.x)
            flat.append(c.y)
        }
        let seq = flat.withUnsafeBufferPointer {
            GEOSCoordSeq_copyFromBuffer_r(ctx.handle, $0.baseAddress, UInt32(coords.count), 0, 0)
        }
        return try ctx.check("GEOSCoordSeq_copyFromBuffer_r", seq)
    }

    private static func ring(_ coords: [Coordinate], _ ctx: GEOSContext) throws -> OpaquePointer {
        let seq = try sequence(coords, ctx)
        return try ctx.check("GEOSGeom_createLinearRing_r", GEOSGeom_createLinearRing_r(ctx.handle, seq))
    }

    private static func polygon(_ rings: [[Coordinate]], _ ctx: GEOSContext) throws -> OpaquePointer {
        guard let shellCoords = rings.first else {
            return try ctx.check("GEOSGeom_createEmptyPolygon_r", GEOSGeom_createEmptyPolygon_r(ctx.handle))
        }
        let shell = try ring(shellCoords, ctx)
        var holes: [OpaquePointer?] = []
        do {
            for r in rings.dropFirst() { holes.append(try ring(r, ctx)) }
        } catch {
            GEOSGeom_destroy_r(ctx.handle, shell)
            for h in holes { GEOSGeom_destroy_r(ctx.handle, h) }
            throw error
        }
        let holeCount = UInt32(holes.count)
        let poly = holes.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(ctx.handle, shell, $0.baseAddress, holeCount)
        }
        return try ctx.check("GEOSGeom_createPolygon_r", poly)
    }

    /// Builds a collection from parts made one by one, freeing what was made if one fails.
    static func collection(
        _ type: GEOSGeomTypes, _ parts: [() throws -> OpaquePointer], _ ctx: GEOSContext
    ) throws -> OpaquePointer {
        var built: [OpaquePointer?] = []
        do {
            for part in parts { built.append(try part()) }
        } catch {
            for b in built { GEOSGeom_destroy_r(ctx.handle, b) }
            throw error
        }
        let count = UInt32(built.count)
        let result = built.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(ctx.handle, Int32(type.rawValue), $0.baseAddress, count)
        }
        return try ctx.check("GEOSGeom_createCollection_r", result)
    }

    static func build(_ g: Geometry, _ ctx: GEOSContext) throws -> OpaquePointer {
        switch g {
        case .point(let c):
            let seq = try sequence([c], ctx)
            return try ctx.check("GEOSGeom_createPoint_r", GEOSGeom_createPoint_r(ctx.handle, seq))
        case .lineString(let cs):
            let seq = try sequence(cs, ctx)
            return try ctx.check("GEOSGeom_createLineString_r", GEOSGeom_createLineString_r(ctx.handle, seq))
        case .polygon(let rings):
            return try polygon(rings, ctx)
        case .multiPoint(let cs):
            return try collection(GEOS_MULTIPOINT, cs.map { c in { try build(.point(c), ctx) } }, ctx)
        case .multiLineString(let ls):
            return try collection(GEOS_MULTILINESTRING, ls.map { l in { try build(.lineString(l), ctx) } }, ctx)
        case .multiPolygon(let ps):
            return try collection(GEOS_MULTIPOLYGON, ps.map { p in { try polygon(p, ctx) } }, ctx)
        case .geometryCollection(let gs):
            return try collection(GEOS_GEOMETRYCOLLECTION, gs.map { m in { try build(m, ctx) } }, ctx)
        }
    }

    // MARK: Reading back into values

    /// The geometry as a plain value.
    public func value() throws -> Geometry {
        try GEOSGeometry.read(handle, context)
    }

    private static func coords(_ seq: OpaquePointer?, _ ctx: GEOSContext) throws -> [Coordinate] {
        let seq = try ctx.check("GEOSGeom_getCoordSeq_r", seq)
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(ctx.handle, seq, &size) != 0 else { throw ctx.error("GEOSCoordSeq_getSize_r") }
        if size == 0 { return [] }
        var flat = [Double](repeating: 0, count: Int(size) * 2)
        let ok = flat.withUnsafeMutableBufferPointer {
            GEOSCoordSeq_copyToBuffer_r(ctx.handle, seq, $0.baseAddress, 0, 0)
        }
        guard ok != 0 else { throw ctx.error("GEOSCoordSeq_copyToBuffer_r") }
        return (0..<Int(size)).map { Coordinate(x: flat[2 * $0], y: flat[2 * $0 + 1]) }
    }

    private static func rings(_ h: OpaquePointer, _ ctx: GEOSContext) throws -> [[Coordinate]] {
        if GEOSisEmpty_r(ctx.handle, h) == 1 { return [] }
        let shell = try ctx.check("GEOSGetExteriorRing_r", GEOSGetExteriorRing_r(ctx.handle, h))
        var result = [try coords(GEOSGeom_getCoordSeq_r(ctx.handle, shell), ctx)]
        let n = GEOSGetNumInteriorRings_r(ctx.handle, h)
        guard n >= 0 else { throw ctx.error("GEOSGetNumInteriorRings_r") }
        for i in 0..<n {
            let hole = try ctx.check("GEOSGetInteriorRingN_r", GEOSGetInteriorRingN_r(ctx.handle, h, i))
            result.append(try coords(GEOSGeom_getCoordSeq_r(ctx.handle, hole), ctx))
        }
        return result
    }

    private static func parts(_ h: OpaquePointer, _ ctx: GEOSContext) throws -> [OpaquePointer] {
        let n = GEOSGetNumGeometries_r(ctx.handle, h)
        guard n >= 0 else { throw ctx.error("GEOSGetNumGeometries_r") }
        return try (0..<n).map { try ctx.check("GEOSGetGeometryN_r", GEOSGetGeometryN_r(ctx.handle, h, $0)) }
    }

    static func read(_ h: OpaquePointer, _ ctx: GEOSContext) throws -> Geometry {
        let type = GEOSGeomTypeId_r(ctx.handle, h)
        switch type {
        case Int32(GEOS_POINT.rawValue):
            // An empty point has no position; it reads back as an empty MultiPoint.
            if GEOSisEmpty_r(ctx.handle, h) == 1 { return .multiPoint([]) }
            return .point(try coords(GEOSGeom_getCoordSeq_r(ctx.handle, h), ctx)[0])
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(try coords(GEOSGeom_getCoordSeq_r(ctx.handle, h), ctx))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(try rings(h, ctx))
        case Int32(GEOS_MULTIPOINT.rawValue):
            return .multiPoint(try parts(h, ctx).map { try coords(GEOSGeom_getCoordSeq_r(ctx.handle, $0), ctx)[0] })
        case Int32(GEOS_MULTILINESTRING.rawValue):
            return .multiLineString(try parts(h, ctx).map { try coords(GEOSGeom_getCoordSeq_r(ctx.handle, $0), ctx) })
        case Int32(GEOS_MULTIPOLYGON.rawValue):
            return .multiPolygon(try parts(h, ctx).map { try rings($0, ctx) })
        case Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            return .geometryCollection(try parts(h, ctx).map { try read($0, ctx) })
        default:
            throw ctx.error("GEOSGeomTypeId_r")
        }
    }

    // MARK: WKT and WKB

    /// Parses Well-Known Text.
    public convenience init(wkt: String, in context: GEOSContext) throws {
        let reader = try context.check("GEOSWKTReader_create_r", GEOSWKTReader_create_r(context.handle))
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        let h = try context.check("GEOSWKTReader_read_r", GEOSWKTReader_read_r(context.handle, reader, wkt))
        self.init(owning: h, in: context)
    }

    /// Parses Well-Known Binary.
    public convenience init(wkb: [UInt8], in context: GEOSContext) throws {
        let reader = try context.check("GEOSWKBReader_create_r", GEOSWKBReader_create_r(context.handle))
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        let h = wkb.withUnsafeBufferPointer {
            GEOSWKBReader_read_r(context.handle, reader, $0.baseAddress, $0.count)
        }
        self.init(owning: try context.check("GEOSWKBReader_read_r", h), in: context)
    }

    /// Well-Known Text, with `decimals` places when given (trimmed of trailing zeros).
    public func wkt(decimals: Int? = nil) throws -> String {
        let ctx = context
        let writer = try ctx.check("GEOSWKTWriter_create_r", GEOSWKTWriter_create_r(ctx.handle))
        defer { GEOSWKTWriter_destroy_r(ctx.handle, writer) }
        if let decimals {
            GEOSWKTWriter_setRoundingPrecision_r(ctx.handle, writer, Int32(decimals))
            GEOSWKTWriter_setTrim_r(ctx.handle, writer, 1)
        }
        let text = try ctx.check("GEOSWKTWriter_write_r", GEOSWKTWriter_write_r(ctx.handle, writer, handle))
        defer { GEOSFree_r(ctx.handle, text) }
        return String(cString: text)
    }

    /// Well-Known Binary (little-endian, 2D).
    public func wkb() throws -> [UInt8] {
        let ctx = context
        let writer = try ctx.check("GEOSWKBWriter_create_r", GEOSWKBWriter_create_r(ctx.handle))
        defer { GEOSWKBWriter_destroy_r(ctx.handle, writer) }
        GEOSWKBWriter_setByteOrder_r(ctx.handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        let bytes = try ctx.check("GEOSWKBWriter_write_r", GEOSWKBWriter_write_r(ctx.handle, writer, handle, &size))
        defer { GEOSFree_r(ctx.handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// The GEOS type name ("Point", "Polygon", ...).
    public var typeName: String {
        get throws {
            let name = try context.check("GEOSGeomType_r", GEOSGeomType_r(context.handle, handle))
            defer { GEOSFree_r(context.handle, name) }
            return String(cString: name)
        }
    }
}
