import Foundation
import GeoKit
import JSONKit
import TownGraphInput
import TownGraphModel

/// The summary of an OpenStreetMap import as text (for people) or JSON (for scripts).
public enum OSMImportSummaryRendering {
    public static func text(_ s: OSMImportSummary, output: String?, seconds: Double? = nil) -> String {
        var out = "Imported \(s.path) (OpenStreetMap \(s.format), \(String(format: "%.1f", Double(s.bytes) / 1e6)) MB"
        if let seconds { out += String(format: ", %.1f s", seconds) }
        out += ")\n"
        out +=
            "read: \(s.nodesRead) nodes, \(s.waysRead) ways (\(s.highwayWays) with a highway tag), \(s.relationsRead) relations\n"
        out += "ways kept: \(s.waysKept)"
        if s.waysCut > 0 { out += " (\(s.waysCut) cut where their nodes are missing or outside the box)" }
        out += "\n"
        let droppedTotal = s.dropped.reduce(0) { $0 + $1.count }
        out += "ways dropped: \(droppedTotal)\n"
        for d in s.dropped {
            out += "  \(String(d.count).leftPadded(8))  \(d.reason)"
            if d.reason.hasPrefix("not a road class"), !s.notRoadValues.isEmpty {
                let top = s.notRoadValues.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(6)
                out +=
                    ": " + top.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + (s.notRoadValues.count > 6 ? ", …" : "")
            }
            out += "\n"
        }
        out +=
            "maxspeed: a speed on \(s.maxspeedUsed) road way\(s.maxspeedUsed == 1 ? "" : "s")\(s.maxspeedIgnored > 0 ? ", \(s.maxspeedIgnored) values gave no speed (class speed used)" : "")\n"
        out +=
            "graph: \(s.nodes) nodes, \(s.links) links (\(s.onewayLinks) one-way), \(s.interchanges) expressway entry points (where a road or ramp joins a motorway)\n"
        out += "components: \(s.components)"
        if s.componentsDropped > 0 {
            out += String(
                format: "; kept the largest, dropped %d smaller (%d links, %.1f km)", s.componentsDropped,
                s.linksInDroppedComponents, s.kilometresDropped)
        }
        out += "\n"
        if s.linksOutsideStrong > 0 {
            out += String(
                format:
                    "strongly connected: kept the largest part, %d nodes; dropped %d links (%.1f km) that one-way streets cut off\n",
                s.stronglyConnectedNodes, s.linksOutsideStrong, s.kilometresOutsideStrong)
        } else if s.stronglyConnectedNodes < s.nodes {
            out +=
                "strongly connected: \(s.stronglyConnectedNodes) of the \(s.nodes) nodes reach each other; one-way streets cut off the rest in one direction (--strongly-connected drops them)\n"
        }
        if !s.motorwayRefs.isEmpty { out += "motorway refs: \(s.motorwayRefs.joined(separator: ", "))\n" }
        if !s.otherRefs.isEmpty {
            out +=
                "other road refs: \(s.otherRefs.prefix(12).joined(separator: ", "))\(s.otherRefs.count > 12 ? ", … (\(s.otherRefs.count) in all)" : "")\n"
        }
        out += "\nRoad length by class (measured in \(s.metricCRS))\n"
        let total = s.kilometresByClass.reduce(0) { $0 + $1.km }
        out += TextTable(
            header: ["class", "km"],
            rows: s.kilometresByClass.map { [$0.classId, String(format: "%.1f", $0.km)] }
                + [["total", String(format: "%.1f", total)]], rightAligned: [1]
        ).render()
        out += output.map { "\nwrote \($0)\n" } ?? "\n(no -o given: nothing written)\n"
        return out
    }

    /// The summary as indented JSON text with a final line break.
    public static func jsonText(_ s: OSMImportSummary, output: String?) -> String {
        json(s, output: output).serialized(pretty: true) + "\n"
    }

    public static func json(_ s: OSMImportSummary, output: String?) -> JSONValue {
        .object([
            ("file", .string(s.path)), ("format", .string(s.format)), ("bytes", .number(Double(s.bytes))),
            ("nodes_read", .number(Double(s.nodesRead))), ("ways_read", .number(Double(s.waysRead))),
            ("relations_read", .number(Double(s.relationsRead))), ("highway_ways", .number(Double(s.highwayWays))),
            ("ways_kept", .number(Double(s.waysKept))), ("ways_cut", .number(Double(s.waysCut))),
            (
                "ways_dropped",
                .array(
                    s.dropped.map { .object([("reason", .string($0.reason)), ("count", .number(Double($0.count)))]) })
            ),
            (
                "not_road_values",
                .object(s.notRoadValues.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })
            ),
            ("maxspeed_used", .number(Double(s.maxspeedUsed))),
            ("maxspeed_ignored", .number(Double(s.maxspeedIgnored))),
            ("nodes", .number(Double(s.nodes))), ("links", .number(Double(s.links))),
            ("oneway_links", .number(Double(s.onewayLinks))),
            ("interchanges", .number(Double(s.interchanges))),
            ("components", .number(Double(s.components))), ("components_dropped", .number(Double(s.componentsDropped))),
            ("links_in_dropped_components", .number(Double(s.linksInDroppedComponents))),
            ("km_dropped", .number(s.kilometresDropped)),
            ("strongly_connected_nodes", .number(Double(s.stronglyConnectedNodes))),
            ("links_outside_strong", .number(Double(s.linksOutsideStrong))),
            ("km_outside_strong", .number(s.kilometresOutsideStrong)),
            ("km_by_class", .object(s.kilometresByClass.map { ($0.classId, .number($0.km)) })),
            ("motorway_refs", .array(s.motorwayRefs.map { .string($0) })),
            ("other_refs", .array(s.otherRefs.map { .string($0) })),
            ("metric_crs", .string(s.metricCRS)),
            ("output", output.map { .string($0) } ?? .null),
        ])
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
