import GeoKit
import JSONKit
import TownGraphModel

/// What a network GeoJSON file says about itself in its `towngraph` foreign member (RFC 7946
/// section 6.1), as `towngraph network import` and Tools/build_osm_networks.py write it: a
/// description, a credit, the road classes, and whether expressways join ordinary roads only
/// at interchanges. Every key is optional but the classes a file declares must be whole.
struct NetworkFileHeader {
    var description: String?
    var credit: String?
    /// Empty when the file leaves the classes to the dataset.
    var classes: [RoadClass] = []
    var separateLayer: Bool?

    /// What a file declares in its `towngraph` member, if it has one.
    static func declared(in root: JSONValue, file: String) throws -> NetworkFileHeader? {
        guard let m = root[RoadNetwork.geoJSONMember] else { return nil }
        func bad(_ why: String) -> InputError {
            InputError(
                .network, source: file,
                issues: [DatasetIssue(.error, file: file, "the \"\(RoadNetwork.geoJSONMember)\" member \(why)")])
        }
        guard m.objectValue != nil else { throw bad("is not an object") }
        var header = NetworkFileHeader(
            description: m["description"]?.stringValue, credit: m["credit"]?.stringValue,
            separateLayer: m["separate_expressway_layer"]?.boolValue)
        guard let list = m["classes"] else { return header }
        guard let list = list.arrayValue, !list.isEmpty else { throw bad("has an empty or malformed classes list") }
        for (i, c) in list.enumerated() {
            guard let id = c["id"]?.stringValue, let speed = c["speed_kmh"]?.numberValue, speed.isFinite, speed > 0
            else {
                throw bad("class #\(i) needs an id and a positive speed_kmh")
            }
            let modeName = c["mode"]?.stringValue ?? "road"
            guard let mode = TransportMode(rawValue: modeName) else {
                throw bad("class \(id) has mode \"\(modeName)\" (road or rail)")
            }
            var range: ClosedRange<Double>?
            if let low = c["speed_low_kmh"]?.numberValue, let high = c["speed_high_kmh"]?.numberValue {
                guard low > 0, low <= speed, speed <= high, high.isFinite else {
                    throw bad("class \(id) needs 0 < speed_low_kmh ≤ speed_kmh ≤ speed_high_kmh")
                }
                range = low...high
            }
            let controlled = mode == .rail || (c["controlled_access"]?.boolValue ?? false)
            header.classes.append(
                RoadClass(
                    id: id, nameZh: c["name_zh"]?.stringValue ?? id, nameEn: c["name_en"]?.stringValue ?? id,
                    speedKmh: speed,
                    controlledAccess: controlled,
                    attachable: mode == .road && (c["attachable"]?.boolValue ?? !controlled), mode: mode,
                    speedRangeKmh: range))
        }
        return header
    }
}
