import Foundation
import GeoKit
import JSONKit
import TownGraphAnalysis
import TownGraphModel
import TownGraphRouting

/// Minutes with one decimal, or "unreachable".
public func minutesText(_ seconds: Double) -> String {
    seconds.isFinite ? String(format: "%.1f", seconds / 60) : "unreachable"
}

/// "base", or the scenario year, as JSON.
func scenarioJSON(_ scenario: Int?) -> JSONValue { scenario.map { .number(Double($0)) } ?? .string("base") }

extension ReachResult {
    /// The reach as a table (with `all`, also the places beyond the largest limit), CSV or
    /// JSON.
    public func render(_ format: OutputFormat, all: Bool) -> String {
        let last = limits.last ?? 0
        let header = ["id", "name", "kind", "minutes"] + limits.map { "≤\(JSONValue.format($0))" }
        func status(_ row: Row) -> String {
            if row.seconds.isFinite { return String(format: "%.1f", row.seconds / 60) }
            if let why = row.notAttached { return why }
            return "> \(JSONValue.format(last))"
        }
        let listed = all || format != .table ? rows : rows.filter { $0.seconds.isFinite }
        let cells = listed.map { r in
            [r.place.id, r.place.name, r.place.kind.rawValue, status(r)]
                + limits.map { r.seconds <= $0 * 60 ? "yes" : "" }
        }
        switch format {
        case .csv:
            return CSV.render(header: header, rows: cells)
        case .json:
            let reached: [(String, JSONValue)] = limits.map { l in
                (JSONValue.format(l), .array(rows.filter { $0.seconds <= l * 60 }.map { .string($0.place.id) }))
            }
            let times: [(String, JSONValue)] = rows.filter { $0.seconds.isFinite }.map {
                ($0.place.id, .number(($0.seconds / 60 * 1000).rounded() / 1000))
            }
            let doc: JSONValue = .object([
                ("from", .string(origin.id)), ("scenario", scenarioJSON(scenario)),
                ("limits_minutes", .array(limits.map { .number($0) })),
                ("reached", .object(reached)), ("minutes", .object(times)),
            ])
            return doc.serialized(pretty: true) + "\n"
        default:
            var text = "From \(origin.name) on \(network), \(scenario.map { "scenario \($0)" } ?? "base")\n"
            text += TextTable(header: header, rows: cells, rightAligned: [3]).render()
            text +=
                limits.map { l in "within \(JSONValue.format(l)) min: \(rows.filter { $0.seconds <= l * 60 }.count)" }
                .joined(separator: ", ") + " of \(rows.count) places"
            let beyond = rows.filter { !$0.seconds.isFinite && $0.notAttached == nil }.count
            let off = rows.filter { $0.notAttached != nil }.map { "\($0.place.name) (\(status($0)))" }
            if !all && beyond > 0 { text += "; \(beyond) beyond \(JSONValue.format(last)) min (--all lists them)" }
            if !off.isEmpty { text += "; not on the network: \(off.joined(separator: ", "))" }
            return text + "\n"
        }
    }
}

extension PlaceMatrix {
    /// One row per pair, for spreadsheets (UTF-8 with a byte-order mark): ids and names,
    /// minutes, route km (when the matrix holds lengths), straight-line km and the detour
    /// ratio (route over straight line); unreachable pairs have empty minutes.
    public func renderLong() -> String {
        var rows: [[String]] = []
        for (i, o) in origins.enumerated() {
            for (j, d) in destinations.enumerated() {
                let s = seconds[i][j]
                let km = metres?[i][j].flatMap { $0.isFinite ? $0 / 1000 : nil }
                let straight = CSV.straightKm(o.location, d.location)
                let detour = km.flatMap { k in straight.flatMap { $0 > 0 ? k / $0 : nil } }
                rows.append([
                    o.id, o.name, d.id, d.name, CSV.number(s.map { $0 / 60 }, 3), CSV.number(km, 3),
                    CSV.number(straight, 3), CSV.number(detour, 3),
                    s == nil ? "not on the network" : (s!.isFinite ? "reached" : "unreachable"),
                ])
            }
        }
        return CSV.renderForExcel(
            header: [
                "origin_id", "origin_name", "destination_id", "destination_name", "minutes", "route_km",
                "straight_km", "detour", "status",
            ], rows: rows)
    }

    /// The matrix in minutes: CSV (unreachable pairs as empty cells) or JSON (null).
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            func cell(_ v: Double?) -> JSONValue {
                guard let v, v.isFinite else { return .null }
                return .number((v / 60 * 1000).rounded() / 1000)
            }
            let doc: JSONValue = .object([
                ("unit", .string("minutes")), ("scenario", scenarioJSON(scenario)),
                ("origins", .array(origins.map { .string($0.id) })),
                ("destinations", .array(destinations.map { .string($0.id) })),
                ("minutes", .array(seconds.map { row in .array(row.map(cell)) })),
                ("not_attached", .array(notAttached.map { .string($0.place.id) })),
            ])
            return doc.serialized(pretty: true) + "\n"
        default:
            let rows = zip(origins, seconds).map { o, row in
                [o.id] + row.map { v in v.map { $0.isFinite ? String(format: "%.3f", $0 / 60) : "" } ?? "" }
            }
            return CSV.render(header: ["origin \\ destination (minutes)"] + destinations.map(\.id), rows: rows)
        }
    }

    /// A line for standard error naming the places left out, or nil.
    public var notAttachedNote: String? {
        guard !notAttached.isEmpty else { return nil }
        return
            "not attached to the network (empty cells): \(notAttached.map { "\($0.place.id) (\($0.reason))" }.joined(separator: ", "))"
    }
}

extension RouteResult {
    /// The route as text (time, distance, roads, time by road class) or GeoJSON.
    public func render(_ format: OutputFormat) -> String {
        let a = origin
        let b = destination
        switch format {
        case .geojson:
            let feature = GeoJSONFeature(
                id: "\(a.id)/\(b.id)",
                properties: [
                    ("origin", .string(a.id)), ("destination", .string(b.id)),
                    ("minutes", .number((route.minutes * 1000).rounded() / 1000)),
                    ("km", .number((route.metres / 10).rounded() / 100)),
                    ("roads", .array(route.refs.map { .string($0) })),
                    (
                        "minutes_by_class",
                        .object(route.byKind.map { ($0.kind, .number(($0.seconds / 60 * 1000).rounded() / 1000)) })
                    ),
                    ("scenario", scenarioJSON(scenario)),
                ],
                geometry: .lineString(route.coordinates))
            return GeoJSONWriter().text([feature])
        default:
            var text =
                "\(a.name) (\(a.id)) → \(b.name) (\(b.id)): \(String(format: "%.1f", route.minutes)) min, \(String(format: "%.1f", route.metres / 1000)) km"
            text += " on \(network), \(scenario.map { "scenario \($0)" } ?? "base")\n"
            if !route.refs.isEmpty { text += "roads: \(route.refs.joined(separator: " → "))\n" }
            text += TextTable(
                header: ["road class", "minutes", "km"],
                rows: route.byKind.map {
                    [$0.kind, String(format: "%.1f", $0.seconds / 60), String(format: "%.1f", $0.metres / 1000)]
                },
                rightAligned: [1, 2]
            ).render()
            return text
        }
    }
}
