import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct Matrix: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Travel-time matrix (minutes) between two selections of places.",
        discussion: """
        A selection is ids or names (zhuchengqu,大王镇), `all`, `interchanges`, or filters
        key=value (level, type, sub-class, county, kind, id), repeated to combine. Unreachable
        pairs are written as empty cells (CSV) or null (JSON), never as zero.

        Examples:
          towngraph matrix --from level=county-centre --to level=county-centre
          towngraph matrix --from 主城区 --to kind=town --format json
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(help: ArgumentHelp("Origins.", valueName: "selection"))
    var from: [String]
    @Option(help: ArgumentHelp("Destinations (default: the origins).", valueName: "selection"))
    var to: [String] = []
    @Option(help: "Output format: csv or json.")
    var format: MatrixFormat = .csv
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    enum MatrixFormat: String, ExpressibleByArgument, CaseIterable { case csv, json }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let origins = try PlaceArgument.parse(from).places(in: d, network: network, scenario: networkChoice.scenario)
        let destinations = to.isEmpty ? origins : try PlaceArgument.parse(to).places(in: d, network: network, scenario: networkChoice.scenario)
        var seen = Set<String>()
        let all = (origins + destinations).filter { seen.insert($0.id).inserted }
        let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario, places: all, metricCRS: d.metricCRS)
        let oNodes = origins.map { graph.node(of: $0.id) }
        let dNodes = destinations.map { graph.node(of: $0.id) }
        let computed = graph.travelTimes(from: oNodes.compactMap { $0 }, to: dNodes.compactMap { $0 })
        // Rows and columns for every selected place; unattached places get empty rows.
        var matrix: [[Double?]] = []
        var r = 0
        for o in oNodes {
            guard o != nil else { matrix.append(dNodes.map { _ in nil }); continue }
            var c = 0
            matrix.append(dNodes.map { dn in
                guard dn != nil else { return nil }
                defer { c += 1 }
                return computed[r][c]
            })
            r += 1
        }
        var text: String
        switch format {
        case .csv:
            let rows = zip(origins, matrix).map { o, row in
                [o.id] + row.map { v in v.map { $0.isFinite ? String(format: "%.3f", $0 / 60) : "" } ?? "" }
            }
            text = CSV.render(header: ["origin \\ destination (minutes)"] + destinations.map(\.id), rows: rows)
        case .json:
            func cell(_ v: Double?) -> JSONValue {
                guard let v, v.isFinite else { return .null }
                return .number((v / 60 * 1000).rounded() / 1000)
            }
            let scenarioValue: JSONValue = networkChoice.scenario.map { .number(Double($0)) } ?? .string("base")
            let rows: [JSONValue] = matrix.map { row in .array(row.map(cell)) }
            let unattached: [JSONValue] = all.filter { graph.node(of: $0.id) == nil }.map { .string($0.id) }
            let doc: JSONValue = .object([
                ("unit", .string("minutes")), ("scenario", scenarioValue),
                ("origins", .array(origins.map { .string($0.id) })),
                ("destinations", .array(destinations.map { .string($0.id) })),
                ("minutes", .array(rows)), ("not_attached", .array(unattached)),
            ])
            text = doc.serialized(pretty: true) + "\n"
        }
        try OutputFile.write(text, to: output)
        let missing = all.filter { graph.node(of: $0.id) == nil }
        if !missing.isEmpty {
            var err = StandardError()
            let reasons = missing.map { p in "\(p.id) (\(graph.report.notAttached.first { $0.id == p.id }?.reason ?? "?"))" }
            print("not attached to the network (empty cells): \(reasons.joined(separator: ", "))", to: &err)
        }
    }
}
