import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct Reach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which settlements are reached from one place within each time limit.",
        discussion: """
        Examples:
          towngraph reach --from 主城区 --minutes 30,45,90
          towngraph reach --from guangrao-xiancheng --minutes 30 --scenario 2035 --format csv
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(help: ArgumentHelp("The place to start from (id or name).", valueName: "place"))
    var from: String
    @Option(help: ArgumentHelp("Time limits in minutes, comma-separated.", valueName: "list"))
    var minutes: String = "30,45,90"
    @Flag(help: "List every place, also those beyond the largest limit.")
    var all = false
    @Option(help: "Output format: table, csv or json.")
    var format: ListFormat = .table
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    enum ListFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    func limits() throws -> [Double] {
        let values = splitList([minutes]).map { Double($0) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 && $0!.isFinite }) else {
            throw ValidationError("--minutes takes positive numbers, such as 30,45,90")
        }
        return values.map { $0! }.sorted()
    }

    func validate() throws { _ = try limits() }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let limits = try limits()
        let originId = try Selection.settlementId(named: from, in: d)
        let places = d.places
        let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario, places: places, metricCRS: d.metricCRS)
        guard let source = graph.node(of: originId) else {
            let why = graph.report.notAttached.first { $0.id == originId }?.reason ?? "not on the network"
            throw ValidationError("\(from) cannot be routed from: \(why)")
        }
        let search = ShortestPathSearch(graph: graph)
        search.run(from: source, cutoff: limits.last! * 60)
        var rows: [(Place, Double)] = places.filter { $0.id != originId }.map { p in
            (p, graph.node(of: p.id).map { search.seconds(to: $0) } ?? .infinity)
        }
        rows.sort { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
        let header = ["id", "name", "kind", "minutes"] + limits.map { "≤\(JSONValue.format($0))" }
        func status(_ p: Place, _ s: Double) -> String {
            if s.isFinite { return String(format: "%.1f", s / 60) }
            if graph.node(of: p.id) == nil { return graph.report.notAttached.first { $0.id == p.id }?.reason ?? "not attached" }
            return "> \(JSONValue.format(limits.last!))"
        }
        let listed = all || format != .table ? rows : rows.filter { $0.1.isFinite }
        let cells = listed.map { p, s in [p.id, p.name, p.kind.rawValue, status(p, s)] + limits.map { s <= $0 * 60 ? "yes" : "" } }
        var text: String
        switch format {
        case .table:
            text = "From \(rows.isEmpty ? from : d.settlement(id: originId)?.nameZh ?? from) on \(graph.description), \(networkChoice.scenario.map { "scenario \($0)" } ?? "base")\n"
            text += TextTable(header: header, rows: cells, rightAligned: [3]).render()
            text += limits.map { l in "within \(JSONValue.format(l)) min: \(rows.filter { $0.1 <= l * 60 }.count)" }.joined(separator: ", ") + " of \(rows.count) places"
            let beyond = rows.filter { !$0.1.isFinite && graph.node(of: $0.0.id) != nil }.count
            let off = rows.filter { graph.node(of: $0.0.id) == nil }.map { "\($0.0.name) (\(status($0.0, .infinity)))" }
            if !all && beyond > 0 { text += "; \(beyond) beyond \(JSONValue.format(limits.last!)) min (--all lists them)" }
            if !off.isEmpty { text += "; not on the network: \(off.joined(separator: ", "))" }
            text += "\n"
        case .csv:
            text = CSV.render(header: header, rows: cells)
        case .json:
            let scenarioValue: JSONValue = networkChoice.scenario.map { .number(Double($0)) } ?? .string("base")
            let reached: [(String, JSONValue)] = limits.map { l in
                (JSONValue.format(l), .array(rows.filter { $0.1 <= l * 60 }.map { .string($0.0.id) }))
            }
            let times: [(String, JSONValue)] = rows.filter { $0.1.isFinite }.map { ($0.0.id, .number(($0.1 / 60 * 1000).rounded() / 1000)) }
            let doc: JSONValue = .object([
                ("from", .string(originId)), ("scenario", scenarioValue),
                ("limits_minutes", .array(limits.map { .number($0) })),
                ("reached", .object(reached)), ("minutes", .object(times)),
            ])
            text = doc.serialized(pretty: true) + "\n"
        }
        try OutputFile.write(text, to: output)
    }
}
