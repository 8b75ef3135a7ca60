import GeoKit
import JSONKit
import TownGraphModel

/// What a network GeoJSON file says about itself in its `towngraph` foreign member (RFC 7946
/// section 6.1), as `towngraph network import` writes it: a description, the road classes,
/// and whether expressways join ordinary roads only at interchanges.
enum NetworkFileHeader {
    /// The classes and joining rule a file declares in its `towngraph` RoadNetwork.geoJSONMember, if any.
    static func declared(
        in root: JSONValue, file: String
    ) throws -> (description: String?, classes: [RoadClass], separateLayer: Bool)? {
        guard let m = root[RoadNetwork.geoJSONMember] else { return nil }
        func bad(_ why: String) -> DatasetIssue {
            DatasetIssue(.error, file: file, "the \"\(RoadNetwork.geoJSONMember)\" member \(why)")
        }
        guard let list = m["classes"]?.arrayValue, !list.isEmpty else {
            throw InputError(.network, source: file, issues: [bad("has no classes list")])
        }
        var classes: [RoadClass] = []
        for (i, c) in list.enumerated() {
            guard let id = c["id"]?.stringValue, let speed = c["speed_kmh"]?.numberValue, speed.isFinite, speed > 0
            else {
                throw InputError(
                    .network, source: file, issues: [bad("class #\(i) needs an id and a positive speed_kmh")])
            }
            let modeName = c["mode"]?.stringValue ?? "road"
            guard let mode = TransportMode(rawValue: modeName) else {
                throw InputError(
                    .network, source: file, issues: [bad("class \(id) has mode \"\(modeName)\" (road or rail)")])
            }
            let controlled = mode == .rail || (c["controlled_access"]?.boolValue ?? false)
            classes.append(
                RoadClass(
                    id: id, nameZh: c["name_zh"]?.stringValue ?? id, nameEn: c["name_en"]?.stringValue ?? id,
                    speedKmh: speed,
                    controlledAccess: controlled,
                    attachable: mode == .road && (c["attachable"]?.boolValue ?? !controlled), mode: mode))
        }
        return (m["description"]?.stringValue, classes, m["separate_expressway_layer"]?.boolValue ?? true)
    }
}
