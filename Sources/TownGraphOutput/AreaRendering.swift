import Foundation
import GeoKit
import JSONKit
import TownGraphAnalysis
import TownGraphModel

extension IsochroneSet {
    /// Every isochrone as a feature (id `origin/minutes`), origins in order, smallest limit
    /// first, with coordinates of `decimals` places at which each origin's polygons nest.
    public func features(decimals: Int) throws -> [GeoJSONFeature] {
        var features: [GeoJSONFeature] = []
        for (o, isos) in zip(origins, isochrones) {
            let polygons = try Isochrone.nested(isos, decimals: decimals)
            for (iso, polygon) in zip(isos, polygons) {
                features.append(
                    GeoJSONFeature(
                        id: "\(o.id)/\(JSONValue.format(iso.minutes))",
                        properties: [
                            ("origin", .string(o.id)), ("origin_name", .string(o.name)),
                            ("minutes", .number(iso.minutes)),
                            ("area_km2", .number((iso.areaKm2 * 1000).rounded() / 1000)),
                            ("scenario", scenarioJSON(scenario)),
                            ("buffer_m", .number(options.bufferMetres)),
                        ],
                        geometry: polygon))
            }
        }
        return features
    }

    /// What was written, for standard error.
    public func summary(writtenTo output: String) -> String {
        let count = isochrones.reduce(0) { $0 + $1.count }
        return
            "wrote \(count) isochrones for \(origins.count) origin\(origins.count == 1 ? "" : "s") to \(output) (network: \(network))"
    }
}

extension CatchmentSet {
    /// Each place with its network member, the time to it, its Voronoi member and whether
    /// the two differ: a table, CSV or JSON.
    public func render(_ format: OutputFormat) -> String {
        let memberIds = Set(result.members.map(\.id))
        let rows = result.assignments.filter { !memberIds.contains($0.place.id) }.map { a in
            [
                a.place.id, a.place.name, a.member?.name ?? "-",
                a.seconds.map { minutesText($0) }
                    ?? (onNetwork.contains(a.place.id) ? "unreachable" : "not on network"),
                a.voronoiMember?.name ?? "-", a.differs ? "differs" : "",
            ]
        }
        switch format {
        case .csv:
            return CSV.render(
                header: ["id", "name", "network_member", "minutes", "voronoi_member", "differs"], rows: rows)
        case .json:
            let items: [JSONValue] = result.assignments.map { a in
                .object([
                    ("id", .string(a.place.id)), ("member", a.member.map { .string($0.id) } ?? .null),
                    ("minutes", a.seconds.map { .number(($0 / 60 * 1000).rounded() / 1000) } ?? .null),
                    ("voronoi_member", a.voronoiMember.map { .string($0.id) } ?? .null), ("differs", .bool(a.differs)),
                ])
            }
            return JSONValue.array(items).serialized(pretty: true) + "\n"
        default:
            var text = "Catchments of \(result.members.map(\.name).joined(separator: "、")) on \(network)\n"
            text += TextTable(
                header: ["id", "name", "network member", "minutes", "Voronoi member", ""], rows: rows, rightAligned: [3]
            )
            .render()
            let differ = result.assignments.filter(\.differs)
            let n = differ.count
            text +=
                "\(n) place\(n == 1 ? "" : "s") fall\(n == 1 ? "s" : "") to another member by road than by straight line"
            text += (differ.isEmpty ? "" : ": " + differ.map(\.place.name).joined(separator: "、")) + "\n"
            return text
        }
    }

    /// The network catchment polygons and the Voronoi cells, member by member.
    public func features() -> [GeoJSONFeature] {
        var features: [GeoJSONFeature] = []
        for (i, m) in result.members.enumerated() {
            for (kind, g) in [("network", result.networkPolygons[i]), ("voronoi", result.voronoiCells[i])] {
                guard let g else { continue }
                features.append(
                    GeoJSONFeature(
                        id: "\(kind)/\(m.id)",
                        properties: [
                            ("member", .string(m.id)), ("member_name", .string(m.name)), ("kind", .string(kind)),
                        ],
                        geometry: g))
            }
        }
        return features
    }
}

extension CoverageResult {
    /// The share of each county within reach: a table or JSON.
    public func render(_ format: OutputFormat, sources: Int, network: String) -> String {
        switch format {
        case .json:
            let items: [JSONValue] = rows.map { row in
                .object([
                    ("county", row.county.map { .string($0.id) } ?? .string("total")),
                    ("area_km2", .number((row.areaKm2 * 1000).rounded() / 1000)),
                    ("covered_km2", .number((row.coveredKm2 * 1000).rounded() / 1000)),
                    ("area_share", .number((row.areaShare * 1e6).rounded() / 1e6)),
                    ("settlements", .number(Double(row.settlements))),
                    ("settlements_covered", .number(Double(row.settlementsCovered))),
                ])
            }
            return JSONValue.object([("minutes", .number(minutes)), ("rows", .array(items))]).serialized(pretty: true)
                + "\n"
        default:
            var text =
                "Within \(JSONValue.format(minutes)) min of \(sources) source\(sources == 1 ? "" : "s") on \(network)\n"
            let header = ["county", "area km²", "covered km²", "area share", "settlements", "covered", "share"]
            text += TextTable(
                header: header,
                rows: rows.map { row in
                    [
                        row.county?.nameZh ?? "total", String(format: "%.0f", row.areaKm2),
                        String(format: "%.0f", row.coveredKm2),
                        String(format: "%.1f%%", row.areaShare * 100), String(row.settlements),
                        String(row.settlementsCovered),
                        String(format: "%.1f%%", row.settlementShare * 100),
                    ]
                }, rightAligned: [1, 2, 3, 4, 5, 6]
            ).render()
            return text
        }
    }
}
