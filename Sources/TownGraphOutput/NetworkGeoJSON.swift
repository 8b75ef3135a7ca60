import GeoKit
import JSONKit
import TownGraphModel

/// A road network as RFC 7946 GeoJSON that TownGraph reads back unchanged: links as
/// LineStrings, interchanges as Points (`"feature": "interchange"`), in the network's order,
/// coordinates as read (not rounded, so positions shared by links stay shared).
///
/// The collection carries a foreign member `towngraph` (RFC 7946 §6.1) with the road classes
/// and how the network joins, so the file is self-describing: `--network FILE` then needs
/// no dataset classes.
public enum NetworkGeoJSON {
    /// The foreign member's name.
    public static let member = RoadNetwork.geoJSONMember

    /// The document as text, written feature by feature (a province's network never exists
    /// as one JSON tree in memory). The same bytes as `document(network).serialized()`.
    public static func text(_ network: RoadNetwork) -> String {
        var out = "{\"type\":\"FeatureCollection\",\"\(member)\":" + header(network).serialized() + ",\"features\":["
        var first = true
        for feature in features(network) {
            if !first { out += "," }
            first = false
            out += feature.serialized()
        }
        return out + "]}"
    }

    public static func document(_ network: RoadNetwork) -> JSONValue {
        .object([
            ("type", .string("FeatureCollection")),
            (member, header(network)),
            ("features", .array(Array(features(network)))),
        ])
    }

    static func header(_ network: RoadNetwork) -> JSONValue {
        let classes: [JSONValue] = network.classes.map { c in
            .object([
                ("id", .string(c.id)), ("name_zh", .string(c.nameZh)), ("name_en", .string(c.nameEn)),
                ("speed_kmh", .number(c.speedKmh)), ("controlled_access", .bool(c.controlledAccess)),
                ("attachable", .bool(c.attachable)),
                ("mode", .string(c.mode.rawValue)),
            ])
        }
        return .object([
            ("description", .string(network.description)),
            ("classes", .array(classes)),
            ("separate_expressway_layer", .bool(network.options.separateExpresswayLayer)),
        ])
    }

    /// The features, links first, then interchanges, each built when it is needed.
    static func features(_ network: RoadNetwork) -> some Sequence<JSONValue> {
        func status(_ s: LinkStatus) -> [(String, JSONValue)] {
            switch s {
            case .existing: return [("status", .string("existing"))]
            case .planned(let year): return [("status", .string("planned")), ("year", .number(Double(year)))]
            }
        }
        let links = network.links.lazy.map { link -> JSONValue in
            var p: [(String, JSONValue)] = [
                ("id", .string(link.id)),
                ("class", .string(link.roadClass.id)),
                ("ref", JSONValue.optional(link.ref)),
                ("name", JSONValue.optional(link.name)),
                ("speed_kmh", link.speedKmh.map { .number($0) } ?? .null),
                ("oneway", .bool(link.oneway)),
            ]
            p += status(link.status)
            if link.circuity != 1 { p.append(("circuity", .number(link.circuity))) }
            p.append(("modelled", .bool(link.modelled)))
            return .object([
                ("type", .string("Feature")), ("id", .string(link.id)), ("properties", .object(p)),
                (
                    "geometry",
                    .object([
                        ("type", .string("LineString")),
                        ("coordinates", .array(link.coordinates.map { .array([.number($0.lon), .number($0.lat)]) })),
                    ])
                ),
            ])
        }
        let interchanges = network.interchanges.lazy.map { ic -> JSONValue in
            var p: [(String, JSONValue)] = [
                ("id", .string(ic.id)), ("feature", .string("interchange")), ("name", .string(ic.name)),
                ("refs", .array(ic.refs.map { .string($0) })), ("approximate", .bool(ic.approximate)),
            ]
            p += status(ic.status)
            if let note = ic.note { p.append(("note", .string(note))) }
            return .object([
                ("type", .string("Feature")), ("id", .string(ic.id)), ("properties", .object(p)),
                (
                    "geometry",
                    .object([
                        ("type", .string("Point")),
                        ("coordinates", .array([.number(ic.location.lon), .number(ic.location.lat)])),
                    ])
                ),
            ])
        }
        return [AnySequence(links), AnySequence(interchanges)].joined()
    }
}
