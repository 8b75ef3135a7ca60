import Foundation
import GeoKit
import OSMKit
import TownGraphModel

/// How OpenStreetMap `highway=*` values become TownGraph road classes: the default table.
///
/// Speeds are free-flow km/h for roads without a usable `maxspeed`. They follow the design
/// speeds of China's JTG B01-2014 (高速公路 120/100/80, 一级公路 100/80/60, 二级公路 80/60,
/// 三级公路 40/30, 四级公路 30/20) with the middle or lower value, since a plan's travel
/// time targets are about ordinary driving, and ramps at the usual 40-60 km/h ramp design
/// speeds. `docs/osm-import.md` gives the table and the tagging rules.
public enum OSMRoadTable {
    public struct Entry: Sendable {
        public let highway: String
        public let nameZh: String
        public let nameEn: String
        public let speedKmh: Double
        public let controlledAccess: Bool
        public let attachable: Bool
    }

    public static let entries: [Entry] = [
        Entry(
            highway: "motorway", nameZh: "高速公路", nameEn: "motorway (expressway)", speedKmh: 100, controlledAccess: true,
            attachable: false),
        Entry(
            highway: "trunk", nameZh: "干线公路（国道、城市快速路）", nameEn: "trunk road", speedKmh: 80, controlledAccess: false,
            attachable: true),
        Entry(
            highway: "primary", nameZh: "主要公路（省道、主干路）", nameEn: "primary road", speedKmh: 60, controlledAccess: false,
            attachable: true),
        Entry(
            highway: "secondary", nameZh: "次要公路（县道、次干路）", nameEn: "secondary road", speedKmh: 50,
            controlledAccess: false, attachable: true),
        Entry(
            highway: "tertiary", nameZh: "三级道路（乡道、支路）", nameEn: "tertiary road", speedKmh: 40, controlledAccess: false,
            attachable: true),
        Entry(
            highway: "unclassified", nameZh: "村道", nameEn: "unclassified road", speedKmh: 30, controlledAccess: false,
            attachable: true),
        Entry(
            highway: "residential", nameZh: "居住区道路", nameEn: "residential street", speedKmh: 25,
            controlledAccess: false, attachable: true),
        Entry(
            highway: "motorway_link", nameZh: "高速公路匝道", nameEn: "motorway ramp", speedKmh: 50, controlledAccess: false,
            attachable: false),
        Entry(
            highway: "trunk_link", nameZh: "干线公路连接道", nameEn: "trunk link", speedKmh: 40, controlledAccess: false,
            attachable: true),
        Entry(
            highway: "primary_link", nameZh: "主要公路连接道", nameEn: "primary link", speedKmh: 40, controlledAccess: false,
            attachable: true),
        Entry(
            highway: "secondary_link", nameZh: "次要公路连接道", nameEn: "secondary link", speedKmh: 30,
            controlledAccess: false, attachable: true),
        Entry(
            highway: "tertiary_link", nameZh: "三级道路连接道", nameEn: "tertiary link", speedKmh: 30, controlledAccess: false,
            attachable: true),
    ]

    /// The road classes of the table, in its order.
    public static var classes: [RoadClass] {
        entries.map {
            RoadClass(
                id: $0.highway, nameZh: $0.nameZh, nameEn: $0.nameEn, speedKmh: $0.speedKmh,
                controlledAccess: $0.controlledAccess, attachable: $0.attachable)
        }
    }

    /// Reads a `maxspeed` value in km/h: "60", "60 km/h", "40 mph", "50;70" (their mean).
    /// Nil for values that give no number ("none", "signals", "CN:urban", "walk"…) or
    /// numbers outside 1-200 km/h.
    public static func maxspeed(_ value: String) -> Double? {
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var speeds: [Double] = []
        for part in parts {
            var text = part
            var factor = 1.0
            for (unit, f) in [("km/h", 1.0), ("kmh", 1.0), ("kph", 1.0), ("mph", 1.609344)] where text.hasSuffix(unit) {
                text = String(text.dropLast(unit.count)).trimmingCharacters(in: .whitespaces)
                factor = f
                break
            }
            guard let v = Double(text), v.isFinite, v > 0 else { return nil }
            let kmh = v * factor
            guard kmh <= 200 else { return nil }
            speeds.append(kmh)
        }
        return speeds.isEmpty ? nil : speeds.reduce(0, +) / Double(speeds.count)
    }

    /// Direction of travel from the tags: nil for two-way, `.forward` along the way's node
    /// order, `.backward` against it. `oneway=yes|true|1` and `-1|reverse` are explicit;
    /// `no|false|0`, `reversible` and `alternating` are two-way; otherwise motorways, their
    /// ramps and roundabouts (`junction=roundabout|circular`) are one-way forward.
    public enum Direction: Sendable { case forward, backward }

    public static func direction(_ tags: OSMTags) -> Direction? {
        switch tags["oneway"]?.lowercased() {
        case "yes", "true", "1": return .forward
        case "-1", "reverse": return .backward
        case "no", "false", "0", "reversible", "alternating": return nil
        default:
            if tags["highway"] == "motorway" || tags["highway"] == "motorway_link" { return .forward }
            if let j = tags["junction"], j == "roundabout" || j == "circular" { return .forward }
            return nil
        }
    }

    /// Why a highway way gives no road, or nil when it does.
    static func exclusion(_ tags: OSMTags) -> String? {
        if tags["area"] == "yes" { return "an area (area=yes)" }
        let open: Set<String> = [
            "yes", "designated", "permissive", "destination", "customers", "delivery", "agricultural",
        ]
        for key in ["motorcar", "motor_vehicle"] {
            if let v = tags[key] {
                return open.contains(v) ? nil : (v == "no" || v == "private" ? "closed to cars (\(key)=\(v))" : nil)
            }
        }
        if let v = tags["access"], v == "no" || v == "private" { return "closed to cars (access=\(v))" }
        return nil
    }
}
