import GeoKit
import JSONKit

/// One GeoJSON Feature as TownGraph writes it: a stable id, properties in a fixed order,
/// and a WGS84 geometry or none.
public struct GeoJSONFeature: Sendable {
    public let id: String
    public let properties: [(String, JSONValue)]
    public let geometry: Geometry?

    public init(id: String, properties: [(String, JSONValue)], geometry: Geometry?) {
        self.id = id
        self.properties = properties
        self.geometry = geometry
    }
}

/// Writes features as RFC 7946 GeoJSON: WGS84 longitude/latitude, coordinates rounded to
/// `decimals` places, exterior rings counter-clockwise and holes clockwise, no `crs`
/// member, features in the order given. The one writer of every GeoJSON TownGraph outputs
/// (a network file keeps its positions unrounded, see ``NetworkGeoJSON``).
public struct GeoJSONWriter: Sendable {
    /// Decimal places kept in coordinates (6 is about 0.1 m).
    public var decimals: Int

    public init(decimals: Int = 6) { self.decimals = decimals }

    /// A geometry, rounded and then oriented by the right-hand rule; null for none.
    public func geometry(_ g: Geometry?) -> JSONValue {
        guard let g else { return .null }
        return g.rounded(toDecimals: decimals).rightHandOriented().geoJSON(decimals: decimals)
    }

    public func json(_ feature: GeoJSONFeature) -> JSONValue {
        .object([
            ("type", .string("Feature")), ("id", .string(feature.id)), ("properties", .object(feature.properties)),
            ("geometry", geometry(feature.geometry)),
        ])
    }

    public func collection(_ features: [GeoJSONFeature]) -> JSONValue {
        .object([("type", .string("FeatureCollection")), ("features", .array(features.map(json)))])
    }

    /// The collection as indented text with a final line break, as commands write it.
    public func text(_ features: [GeoJSONFeature]) -> String { collection(features).serialized(pretty: true) + "\n" }
}

extension JSONValue {
    /// A text, or null.
    static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    /// A whole number, or null.
    static func optional(_ n: Int?) -> JSONValue { n.map { .number(Double($0)) } ?? .null }
    /// A number rounded to `places` decimals.
    static func rounded(_ v: Double, _ places: Int = 3) -> JSONValue {
        let s = [1.0, 10, 100, 1000, 10000, 100_000, 1_000_000][min(places, 6)]
        return .number((v * s).rounded() / s)
    }
}
