import ArgumentParser
import TownGraphModel
import TownGraphOutput
import TownGraphRouting

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Report on the routable graph, or import a road network from OpenStreetMap.",
        subcommands: [NetworkReportCommand.self, NetworkImportCommand.self],
        defaultSubcommand: NetworkReportCommand.self)
}

struct NetworkReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build the routable graph and report what the build did (the default).",
        discussion: """
            Reports nodes, arcs, connected components, dangling ends, links left out and why, interchanges used, and how each place attached (snap distance), flagging places too far from any road.

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
        let graph = try TravelGraph.build(
            network: network, scenario: networkChoice.scenario, places: places, metricCRS: d.metricCRS)
        print(GraphBuildReport.renderText(graph, places: places), terminator: "")
    }
}
