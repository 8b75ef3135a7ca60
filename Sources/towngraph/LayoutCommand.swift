import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "The plan's spatial layout (一心两翼, development axes): which settlements fall in each element.",
        discussion: """
        Areas are drawn as the convex hull of their member units' points widened by the
        manifest's layout.buffer_km; axes as lines through their members in order. Each element
        prints the plan sentence it comes from and how it was drawn.

        Examples:
          towngraph layout
          towngraph layout --within-km 10 -o layout.geojson
        """)

    @OptionGroup var dataset: DatasetOptions
    @Option(name: .customLong("within-km"), help: "Distance from an axis that counts as on it, km.")
    var withinKm: Double = 5
    @Option(name: .shortAndLong, help: ArgumentHelp("Also write the elements as GeoJSON here.", valueName: "file"))
    var output: String?

    func run() throws {
        let d = try dataset.load()
        guard let layout = d.layout else { throw ValidationError("dataset \(d.name) declares no layout") }
        let report = try layout.report(for: d, axisDistanceKm: withinKm)
        var text = ""
        if let s = layout.patternSentence { text += "「\(s)」\n" }
        for row in report.rows {
            let e = row.element
            text += "\n\(e.nameZh) (\(e.id), \(e.kind.rawValue)): members \(e.members.map(\.name).joined(separator: "、"))\n"
            if let s = e.planSentence { text += "  「\(s)」\n" }
            if let n = e.note { text += "  drawn: \(n)\n" }
            let list = row.settlements.map { e.kind == .axis ? "\($0.0.nameZh) \(String(format: "%.1f", $0.1 / 1000)) km" : $0.0.nameZh }
            text += "  \(e.kind == .area ? "inside" : "within \(JSONValue.format(withinKm)) km") (\(list.count)): \(list.joined(separator: "、"))\n"
        }
        print(text, terminator: "")
        if let output {
            let export = GeoJSONExport()
            let features: [JSONValue] = report.rows.map { row in .object([
                ("type", .string("Feature")), ("id", .string(row.element.id)),
                ("properties", .object([
                    ("id", .string(row.element.id)), ("name_zh", .string(row.element.nameZh)), ("kind", .string(row.element.kind.rawValue)),
                    ("members", .array(row.element.members.map { .string($0.id) })),
                    ("settlements", .array(row.settlements.map { .string($0.0.id) })),
                    ("plan_sentence", row.element.planSentence.map { .string($0) } ?? .null),
                ])),
                ("geometry", export.geometryJSON(row.geometry)),
            ]) }
            try OutputFile.write(export.collection(features).serialized(pretty: true) + "\n", to: output)
        }
    }
}
