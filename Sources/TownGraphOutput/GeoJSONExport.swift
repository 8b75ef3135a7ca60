import GeoKit
import JSONKit
import TownGraphModel

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

    public func feature(_ s: Settlement) -> GeoJSONFeature {
        GeoJSONFeature(
            id: s.id,
            properties: [
                ("id", .string(s.id)),
                ("layer", .string("settlement")),
                ("name_zh", .string(s.nameZh)),
                ("name_pinyin", .string(s.namePinyin)),
                ("kind", .string(s.kind)),
                ("level", .string(s.level.id)),
                ("level_rank", .number(Double(s.level.rank))),
                ("level_zh", .string(s.level.nameZh)),
                ("sub_class", JSONValue.optional(s.subClass?.id)),
                ("function_type", JSONValue.optional(s.functionType?.id)),
                ("function_type_zh", JSONValue.optional(s.functionType?.nameZh)),
                ("population_band", JSONValue.optional(s.population?.stated)),
                ("population_min", JSONValue.optional(s.population?.minimum)),
                ("population_max", JSONValue.optional(s.population?.maximum)),
                ("county", .string(s.county)),
                ("stats_code_2023", JSONValue.optional(s.statsCode)),
                ("contains", .array(s.constituents.map { .string($0) })),
                ("roles", .array(s.roles.map { .string($0) })),
                ("located", .bool(s.isLocated)),
                ("coord_quality", .string(s.coordinateQuality)),
                ("coord_source", JSONValue.optional(s.coordinateSource)),
            ]
                + s.attributes.keys.sorted().map { key -> (String, JSONValue) in
                    switch s.attributes[key]! {
                    case .number(let n): return (key, .number(n))
                    case .text(let t): return (key, .string(t))
                    }
                },
            geometry: s.location.map { .point($0) })
    }

    public func feature(_ c: ConstituentUnit) -> GeoJSONFeature {
        GeoJSONFeature(
            id: c.id,
            properties: [
                ("id", .string(c.id)),
                ("layer", .string("constituent")),
                ("name_zh", .string(c.nameZh)),
                ("name_pinyin", .string(c.namePinyin)),
                ("kind", .string(c.kind)),
                ("part_of", .string(c.partOf)),
                ("county", .string(c.county)),
                ("stats_code_2023", JSONValue.optional(c.statsCode)),
                ("located", .bool(c.location != nil)),
                ("coord_quality", .string(c.coordinateQuality)),
                ("coord_source", JSONValue.optional(c.coordinateSource)),
            ],
            geometry: c.location.map { .point($0) })
    }

    public func feature(_ e: ExternalPlace) -> GeoJSONFeature {
        GeoJSONFeature(
            id: e.id,
            properties: [
                ("id", .string(e.id)), ("layer", .string("external")), ("name_zh", .string(e.nameZh)),
                ("name_pinyin", .string(e.namePinyin)), ("kind", .string(e.kind)),
                ("note", JSONValue.optional(e.note)), ("coord_source", JSONValue.optional(e.coordinateSource)),
            ],
            geometry: .point(e.location))
    }

    public func feature(_ c: County) -> GeoJSONFeature {
        GeoJSONFeature(
            id: c.id,
            properties: [
                ("id", .string(c.id)),
                ("layer", .string("county")),
                ("name_zh", .string(c.nameZh)),
                ("name_pinyin", .string(c.namePinyin)),
                ("kind", .string(c.kind)),
                ("adcode", JSONValue.optional(c.adcode)),
            ],
            geometry: c.boundary)
    }

    /// The features of one layer, in dataset order.
    public func features(_ layer: Layer, of dataset: Dataset) -> [GeoJSONFeature] {
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

    public func collection(_ features: [GeoJSONFeature]) -> JSONValue {
        GeoJSONWriter(decimals: decimals).collection(features)
    }
}
