import ArgumentParser
import Foundation
import TownGraph

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Report on the routable graph, or import a road network from OpenStreetMap.",
        subcommands: [NetworkReport.self, NetworkImport.self],
        defaultSubcommand: NetworkReport.self)
}

struct NetworkReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build the routable graph and report what the build did (the default).",
        discussion: """
        Reports nodes, arcs, connected components, dangling ends, links left out and why,
        interchanges used, and how each place attached (snap distance), flagging places too far
        from any road.

        Examples:
          towngraph network
          towngraph network --scenario 2035
          towngraph network --network shandong.osm.pbf --data shandong
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let places = d.places + network.interchangePlaces(scenario: networkChoice.scenario)
        let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario, places: places, metricCRS: d.metricCRS)
        let r = graph.report
        var out = "\(graph.description)\n"
        out += "source: \(graph.source)\(graph.isModelled ? " (modelled links)" : "")\n"
        out += "scenario: \(networkChoice.scenario.map { "\($0): planned links due by then included" } ?? "base: existing links only")\n"
        out += "links used: \(r.linksUsed); planned links left out: \(r.linksNotInScenario.count)\(r.linksNotInScenario.isEmpty ? "" : " (\(r.linksNotInScenario.joined(separator: ", ")))")\n"
        for drop in r.linksDropped { out += "  dropped \(drop.id): \(drop.reason)\n" }
        out += "graph: \(r.nodes) nodes, \(r.arcs) arcs, \(r.roadSegments) road segments, \(r.components) connected component\(r.components == 1 ? "" : "s") (largest \(r.largestComponentNodes) nodes), \(r.danglingEnds) dangling ends\n"
        out += "interchanges used: \(r.interchangesUsed)\n"
        for drop in r.interchangesDropped { out += "  \(drop.id): \(drop.reason)\n" }
        out += "\nRoad length by class\n"
        out += TextTable(header: ["class", "km"], rows: graph.classes.compactMap { c in
            r.kilometresByClass[c.id].map { [c.id, String(format: "%.1f", $0)] }
        }, rightAligned: [1]).render()
        out += "\nPlaces attached: \(r.attached.count)\n"
        let names = Dictionary(places.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        out += TextTable(header: ["place", "name", "snap (m)", "road link"], rows: r.attached.map {
            [$0.placeId, names[$0.placeId] ?? "", String(format: "%.0f", $0.snapMetres), $0.linkId ?? "(interchange)"]
        }, rightAligned: [2]).render()
        if !r.notAttached.isEmpty {
            out += "\nNot attached: \(r.notAttached.count)\n"
            for n in r.notAttached { out += "  \(n.id) \(names[n.id] ?? ""): \(n.reason)\n" }
        }
        print(out, terminator: "")
    }
}
