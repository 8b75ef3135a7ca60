import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "The fastest route between two places: time, distance, road classes, GeoJSON.",
        discussion: """
        Examples:
          towngraph route 主城区 利津县城
          towngraph route dawang ic-dawang --scenario 2035 --format geojson -o route.geojson
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Argument(help: "Origin (id or name; interchange ids work too).")
    var origin: String
    @Argument(help: "Destination.")
    var destination: String
    @Option(help: "Output format: text or geojson.")
    var format: RouteFormat = .text
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    enum RouteFormat: String, ExpressibleByArgument, CaseIterable { case text, geojson }

    func resolve(_ term: String, _ d: Dataset, _ network: RoadNetwork) throws -> Place {
        if let ic = network.interchanges.first(where: { $0.id == term || $0.name == term }) {
            return Place(id: ic.id, name: ic.name, kind: .interchange, location: ic.location)
        }
        let id = try Selection.settlementId(named: term, in: d)
        return d.places.first { $0.id == id }!
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let a = try resolve(origin, d, network), b = try resolve(destination, d, network)
        let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario, places: [a, b], metricCRS: d.metricCRS)
        for p in [a, b] where graph.node(of: p.id) == nil {
            throw ValidationError("\(p.name) (\(p.id)) is not on the network: \(graph.report.notAttached.first { $0.id == p.id }?.reason ?? "not attached")")
        }
        guard let route = graph.route(from: graph.node(of: a.id)!, to: graph.node(of: b.id)!, originId: a.id, destinationId: b.id, network: network) else {
            throw ValidationError("\(b.name) cannot be reached from \(a.name) on \(graph.description) (they lie in different parts of the network)")
        }
        var text: String
        switch format {
        case .text:
            text = "\(a.name) → \(b.name): \(String(format: "%.1f", route.minutes)) min, \(String(format: "%.1f", route.metres / 1000)) km"
            text += " on \(graph.description), \(networkChoice.scenario.map { "scenario \($0)" } ?? "base")\n"
            if !route.refs.isEmpty { text += "roads: \(route.refs.joined(separator: " → "))\n" }
            text += TextTable(header: ["road class", "minutes", "km"], rows: route.byKind.map {
                [$0.kind, String(format: "%.1f", $0.seconds / 60), String(format: "%.1f", $0.metres / 1000)]
            }, rightAligned: [1, 2]).render()
        case .geojson:
            text = JSONValue.object([("type", .string("FeatureCollection")), ("features", .array([.object([
                ("type", .string("Feature")), ("id", .string("\(a.id)/\(b.id)")),
                ("properties", .object([
                    ("origin", .string(a.id)), ("destination", .string(b.id)),
                    ("minutes", .number((route.minutes * 1000).rounded() / 1000)), ("km", .number((route.metres / 10).rounded() / 100)),
                    ("roads", .array(route.refs.map { .string($0) })),
                    ("minutes_by_class", .object(route.byKind.map { ($0.kind, .number(($0.seconds / 60 * 1000).rounded() / 1000)) })),
                    ("scenario", networkChoice.scenario.map { .number(Double($0)) } ?? .string("base")),
                ])),
                ("geometry", Geometry.lineString(route.coordinates).geoJSON(decimals: 6)),
            ])]))]).serialized(pretty: true) + "\n"
        }
        try OutputFile.write(text, to: output)
    }
}
