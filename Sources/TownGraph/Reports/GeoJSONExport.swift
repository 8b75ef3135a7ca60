import GeoKit

/// RFC 7946 GeoJSON for a dataset's layers: WGS84 longitude/latitude, exterior rings
/// counter-clockwise and holes clockwise, no `crs` member, coordinates rounded to a stated
/// number of decimals, features in dataset order with their stable ids.
public struct GeoJSONExport: Sendable {
    /// Decimal places kept in coordinates (6 is about 0.1 m).
    public var decimals: Int

    public init(decimals: Int = 6) { self.decimals = decimals }

    /// The layers a dataset can export.
    public enum Layer: String, CaseIterable, Sendable {
        case settlements, constituents, external, counties
    }

    /// A geometry as RFC 7946 GeoJSON: rounded, then oriented by the right-hand rule.
    public func geometryJSON(_ g: Geometry?) -> JSONValue { geometry(g) }

    func geometry(_ g: Geometry?) -> JSONValue {
        guard let g else { return .null }
        return g.rounded(toDecimals: decimals).rightHandOriented().geoJSON(decimals: decimals)
    }

    static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func optional(_ n: Int?) -> JSONValue { n.map { .number(Double($0)) } ?? .null }

    public func feature(_ s: Settlement) -> JSONValue {
        .object([
            ("type", .string("Feature")),
            ("id", .string(s.id)),
            ("properties", .object([
                ("id", .string(s.id)),
                ("layer", .string("settlement")),
                ("name_zh", .string(s.nameZh)),
                ("name_pinyin", .string(s.namePinyin)),
                ("kind", .string(s.kind)),
                ("level", .string(s.level.id)),
                ("level_rank", .number(Double(s.level.rank))),
                ("level_zh", .string(s.level.nameZh)),
                ("sub_class", GeoJSONExport.optional(s.subClass?.id)),
                ("function_type", GeoJSONExport.optional(s.functionType?.id)),
                ("function_type_zh", GeoJSONExport.optional(s.functionType?.nameZh)),
                ("population_band", GeoJSONExport.optional(s.population?.stated)),
                ("population_min", GeoJSONExport.optional(s.population?.minimum)),
                ("population_max", GeoJSONExport.optional(s.population?.maximum)),
                ("county", .string(s.county)),
                ("stats_code_2023", GeoJSONExport.optional(s.statsCode)),
                ("contains", .array(s.constituents.map { .string($0) })),
                ("roles", .array(s.roles.map { .string($0) })),
                ("located", .bool(s.isLocated)),
                ("coord_quality", .string(s.coordinateQuality)),
                ("coord_source", GeoJSONExport.optional(s.coordinateSource)),
            ] + s.attributes.keys.sorted().map { key -> (String, JSONValue) in
                switch s.attributes[key]! {
                case let .number(n): return (key, .number(n))
                case let .text(t): return (key, .string(t))
                }
            })),
            ("geometry", geometry(s.location.map { .point($0) })),
        ])
    }

    public func feature(_ c: ConstituentUnit) -> JSONValue {
        .object([
            ("type", .string("Feature")),
            ("id", .string(c.id)),
            ("properties", .object([
                ("id", .string(c.id)),
                ("layer", .string("constituent")),
                ("name_zh", .string(c.nameZh)),
                ("name_pinyin", .string(c.namePinyin)),
                ("kind", .string(c.kind)),
                ("part_of", .string(c.partOf)),
                ("county", .string(c.county)),
                ("stats_code_2023", GeoJSONExport.optional(c.statsCode)),
                ("located", .bool(c.location != nil)),
                ("coord_quality", .string(c.coordinateQuality)),
                ("coord_source", GeoJSONExport.optional(c.coordinateSource)),
            ])),
            ("geometry", geometry(c.location.map { .point($0) })),
        ])
    }

    public func feature(_ e: ExternalPlace) -> JSONValue {
        .object([
            ("type", .string("Feature")),
            ("id", .string(e.id)),
            ("properties", .object([
                ("id", .string(e.id)), ("layer", .string("external")), ("name_zh", .string(e.nameZh)),
                ("name_pinyin", .string(e.namePinyin)), ("kind", .string(e.kind)),
                ("note", GeoJSONExport.optional(e.note)), ("coord_source", GeoJSONExport.optional(e.coordinateSource)),
            ])),
            ("geometry", geometry(.point(e.location))),
        ])
    }

    public func feature(_ c: County) -> JSONValue {
        .object([
            ("type", .string("Feature")),
            ("id", .string(c.id)),
            ("properties", .object([
                ("id", .string(c.id)),
                ("layer", .string("county")),
                ("name_zh", .string(c.nameZh)),
                ("name_pinyin", .string(c.namePinyin)),
                ("kind", .string(c.kind)),
                ("adcode", GeoJSONExport.optional(c.adcode)),
            ])),
            ("geometry", geometry(c.boundary)),
        ])
    }

    /// The features of one layer, in dataset order.
    public func features(_ layer: Layer, of dataset: Dataset) -> [JSONValue] {
        switch layer {
        case .settlements: return dataset.settlements.map(feature)
        case .constituents: return dataset.constituents.map(feature)
        case .external: return dataset.externalPlaces.map(feature)
        case .counties: return dataset.counties.map(feature)
        }
    }

    /// One FeatureCollection holding the given layers in the order given.
    public func collection(_ layers: [Layer], of dataset: Dataset) -> JSONValue {
        collection(layers.flatMap { features($0, of: dataset) })
    }

    public func collection(_ features: [JSONValue]) -> JSONValue {
        .object([("type", .string("FeatureCollection")), ("features", .array(features))])
    }
}
