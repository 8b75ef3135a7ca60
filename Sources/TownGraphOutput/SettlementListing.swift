import Foundation
import GeoKit
import JSONKit
import TownGraphModel

/// Settlements written out in the formats `towngraph towns` offers.
public enum SettlementListing {
    static let columns = [
        "id", "name_zh", "name_pinyin", "level", "sub_class", "function_type", "population_band", "county",
        "stats_code_2023", "lon", "lat", "coord_quality",
    ]

    static func columns(_ dataset: Dataset) -> [String] { columns + ["roles"] + dataset.attributes.map(\.id) }

    static func row(_ s: Settlement, _ dataset: Dataset, decimals: Int) -> [String] {
        let scale = pow(10.0, Double(decimals))
        func coord(_ v: Double?) -> String { v.map { JSONValue.format(($0 * scale).rounded() / scale) } ?? "" }
        return [
            s.id, s.nameZh, s.namePinyin, s.level.id, s.subClass?.id ?? "", s.functionType?.id ?? "",
            s.population?.stated ?? "", s.county, s.statsCode ?? "", coord(s.location?.lon), coord(s.location?.lat),
            s.coordinateQuality,
            s.roles.joined(separator: "; "),
        ] + dataset.attributes.map { s.attributes[$0.id]?.description ?? "" }
    }

    public static func render(
        _ settlements: [Settlement], of dataset: Dataset, format: OutputFormat, decimals: Int = 6
    ) -> String {
        switch format {
        case .table, .text, .markdown:
            let countyName = Dictionary(dataset.counties.map { ($0.id, $0.nameZh) }, uniquingKeysWith: { a, _ in a })
            let showRoles = settlements.contains { !$0.roles.isEmpty }
            let rows = settlements.map { s in
                [
                    s.id, s.nameZh, s.level.nameZh, s.subClass?.nameZh ?? "", s.functionType?.nameZh ?? "",
                    s.population?.stated ?? "",
                    countyName[s.county] ?? s.county,
                    s.location.map { String(format: "%.4f, %.4f", $0.lon, $0.lat) } ?? "not located",
                ]
                    + dataset.attributes.map { s.attributes[$0.id]?.description ?? "" }
                    + (showRoles ? [s.roles.joined(separator: "; ")] : [])
            }
            let extra =
                dataset.attributes.map { a in a.unit.map { "\(a.nameZh) (\($0))" } ?? a.nameZh }
                + (showRoles ? ["roles"] : [])
            var text = TextTable(
                header: ["id", "name", "level", "sub-class", "function type", "population", "county", "lon, lat"]
                    + extra, rows: rows
            ).render()
            text += "\(settlements.count) settlement\(settlements.count == 1 ? "" : "s")\n"
            return text
        case .csv:
            return CSV.render(header: columns(dataset), rows: settlements.map { row($0, dataset, decimals: decimals) })
        case .json:
            let items: [JSONValue] = settlements.map { s in
                let cells = row(s, dataset, decimals: decimals)
                var members: [(String, JSONValue)] = zip(columns, cells).map { key, value -> (String, JSONValue) in
                    switch key {
                    case "lon": return (key, s.location.map { _ in .number(Double(value)!) } ?? .null)
                    case "lat": return (key, s.location.map { _ in .number(Double(value)!) } ?? .null)
                    default: return (key, value.isEmpty ? .null : .string(value))
                    }
                }
                members.append(("roles", .array(s.roles.map { .string($0) })))
                for a in dataset.attributes {
                    switch s.attributes[a.id] {
                    case .number(let n)?: members.append((a.id, .number(n)))
                    case .text(let t)?: members.append((a.id, .string(t)))
                    case nil: members.append((a.id, .null))
                    }
                }
                return .object(members)
            }
            return JSONValue.array(items).serialized(pretty: true) + "\n"
        case .geojson, .gpkg, .shp:  // towns takes geojson only; the GIS formats are export's
            let export = GeoJSONExport(decimals: decimals)
            return export.collection(settlements.map(export.feature)).serialized(pretty: true) + "\n"
        }
    }
}
