import ArgumentParser
import GeoKit
import TownGraph

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the hierarchy at a glance: counts by level and type against the plan, the level × type matrix, population bands and warnings.",
        discussion: """
        Loading validates the whole dataset first; any error stops the command with a
        non-zero exit and a list of every problem, each naming its file and feature.
        """)

    @OptionGroup var dataset: DatasetOptions

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let d = try dataset.load()
        let summary = HierarchySummary(d)
        switch format {
        case .text:
            print(summary.renderText(), terminator: "")
        case .json:
            func counts(_ cs: [HierarchySummary.Count]) -> JSONValue {
                .array(cs.map { c in .object([
                    ("id", .string(c.id)), ("name_zh", .string(c.nameZh)), ("name_en", .string(c.nameEn)),
                    ("stated", c.stated.map { .number(Double($0)) } ?? .null), ("found", .number(Double(c.found))),
                ]) })
            }
            let matrix: JSONValue = .object(d.levels.enumerated().map { i, l in
                (l.id, .object(d.functionTypes.enumerated().map { j, t in (t.id, .array(summary.matrix[i][j].map { .string($0.id) })) }))
            })
            let doc: JSONValue = .object([
                ("dataset", .string(d.name)), ("title", .string(d.title)), ("plan", .string(d.plan.title)),
                ("settlements", .number(Double(d.settlements.count))),
                ("located", .number(Double(d.settlements.filter(\.isLocated).count))),
                ("levels", counts(summary.levels)), ("sub_classes", counts(summary.subClasses)),
                ("function_types", counts(summary.functionTypes)), ("matrix", matrix),
                ("warnings", .array(d.warnings.map { w in .object([
                    ("file", .string(w.file)),
                    ("feature_index", w.featureIndex.map { .number(Double($0)) } ?? .null),
                    ("feature_id", w.featureId.map { .string($0) } ?? .null),
                    ("message", .string(w.message)),
                ]) })),
            ])
            print(doc.serialized(pretty: true))
        }
    }
}
