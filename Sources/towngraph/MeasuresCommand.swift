import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct MeasuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measures",
        abstract:
            "Hierarchy measures: rank-size (Zipf) exponent, primacy, nearest-neighbour index, travel time to the level above.",
        discussion: """
            Sizes are the midpoints of the plan's population bands (a band open below, such as 小于1万人, runs from 0); each band is printed beside its midpoint. The rank-size exponent is fitted as ln(rank − ½) = a − b·ln(size) (Gabaix & Ibragimov) with standard error b·√(2/n). The Clark–Evans R compares the mean nearest-neighbour distance of the located settlements with that of a random pattern over the county area. Travel times run on the dataset's network (or --network) when it declares one.
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    func run() throws {
        let d = try dataset.load()
        let network = d.network == nil && networkChoice.network == nil ? nil : try networkChoice.load(for: d)
        let (measures, graph) = try Queries.measures(dataset: d, network: network, scenario: networkChoice.scenario)
        print(measures.renderText(dataset: d.name, network: graph), terminator: "")
    }
}
