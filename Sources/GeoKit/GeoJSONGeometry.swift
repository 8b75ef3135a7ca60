import JSONKit

/// Reading and writing GeoJSON geometry objects (RFC 7946 section 3.1).
extension Geometry {
    /// Reads a GeoJSON geometry object. Errors say which part is wrong, for example
    /// "coordinates[0][3]: longitude is NaN".
    public init(geoJSON value: JSONValue) throws {
        guard case .object = value else {
            throw GeoKitError.invalidInput("geometry must be an object, found \(value.kindName)")
        }
        guard let type = value["type"]?.stringValue else {
            throw GeoKitError.invalidInput("geometry has no \"type\"")
        }
        if type == "GeometryCollection" {
            guard let members = value["geometries"]?.arrayValue else {
                throw GeoKitError.invalidInput("GeometryCollection has no \"geometries\" array")
            }
            self = .geometryCollection(try members.map { try Geometry(geoJSON: $0) })
            return
        }
        guard let coords = value["coordinates"] else {
            throw GeoKitError.invalidInput("\(type) has no \"coordinates\"")
        }
        switch type {
        case "Point": self = .point(try Geometry.position(coords, path: "coordinates"))
        case "LineString": self = .lineString(try Geometry.positions(coords, path: "coordinates", minimum: 2))
        case "MultiPoint": self = .multiPoint(try Geometry.positions(coords, path: "coordinates", minimum: 0))
        case "Polygon": self = .polygon(try Geometry.rings(coords, path: "coordinates"))
        case "MultiLineString":
            self = .multiLineString(
                try Geometry.list(coords, path: "coordinates") {
                    try Geometry.positions($0, path: $1, minimum: 2)
                })
        case "MultiPolygon":
            self = .multiPolygon(try Geometry.list(coords, path: "coordinates") { try Geometry.rings($0, path: $1) })
        default:
            throw GeoKitError.invalidInput("unknown geometry type \"\(type)\"")
        }
    }

    private static func list<T>(_ value: JSONValue, path: String, _ each: (JSONValue, String) throws -> T) throws -> [T]
    {
        guard let items = value.arrayValue else {
            throw GeoKitError.invalidInput("\(path): expected an array, found \(value.kindName)")
        }
        return try items.enumerated().map { try each($1, "\(path)[\($0)]") }
    }

    private static func position(_ value: JSONValue, path: String) throws -> Coordinate {
        guard let items = value.arrayValue, items.count >= 2 else {
            throw GeoKitError.invalidInput("\(path): a position needs at least two numbers")
        }
        guard let x = items[0].numberValue, let y = items[1].numberValue else {
            throw GeoKitError.invalidInput("\(path): position values must be numbers")
        }
        guard x.isFinite else { throw GeoKitError.invalidInput("\(path): longitude is \(x)") }
        guard y.isFinite else { throw GeoKitError.invalidInput("\(path): latitude is \(y)") }
        return Coordinate(x: x, y: y)
    }

    private static func positions(_ value: JSONValue, path: String, minimum: Int) throws -> [Coordinate] {
        let cs = try list(value, path: path) { try position($0, path: $1) }
        guard cs.count >= minimum else {
            throw GeoKitError.invalidInput("\(path): needs at least \(minimum) positions, found \(cs.count)")
        }
        return cs
    }

    private static func rings(_ value: JSONValue, path: String) throws -> [[Coordinate]] {
        try list(value, path: path) { ring, ringPath in
            let cs = try positions(ring, path: ringPath, minimum: 4)
            guard cs.first == cs.last else {
                throw GeoKitError.invalidInput("\(ringPath): ring is not closed (first and last positions differ)")
            }
            return cs
        }
    }

    /// The GeoJSON geometry object, coordinates rounded to `decimals` places when given.
    public func geoJSON(decimals: Int? = nil) -> JSONValue {
        func pos(_ c: Coordinate) -> JSONValue {
            if let d = decimals {
                let s = pow10(d)
                return .array([.number((c.x * s).rounded() / s), .number((c.y * s).rounded() / s)])
            }
            return .array([.number(c.x), .number(c.y)])
        }
        func line(_ cs: [Coordinate]) -> JSONValue { .array(cs.map(pos)) }
        func poly(_ rings: [[Coordinate]]) -> JSONValue { .array(rings.map(line)) }
        switch self {
        case .geometryCollection(let gs):
            return .object([
                ("type", .string(typeName)), ("geometries", .array(gs.map { $0.geoJSON(decimals: decimals) })),
            ])
        case .point(let c): return .object([("type", .string(typeName)), ("coordinates", pos(c))])
        case .lineString(let cs), .multiPoint(let cs):
            return .object([("type", .string(typeName)), ("coordinates", line(cs))])
        case .polygon(let rings), .multiLineString(let rings):
            return .object([
                ("type", .string(typeName)), ("coordinates", self.isPolygon ? poly(rings) : .array(rings.map(line))),
            ])
        case .multiPolygon(let ps):
            return .object([("type", .string(typeName)), ("coordinates", .array(ps.map(poly)))])
        }
    }

    private var isPolygon: Bool {
        if case .polygon = self { return true }
        return false
    }
}
