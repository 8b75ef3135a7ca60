import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct MeasuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measures",
        abstract: "Hierarchy measures: rank-size (Zipf) exponent, primacy, nearest-neighbour index, travel time to the level above.",
        discussion: """
        Sizes are the midpoints of the plan's population bands (a band open below, such as
        小于1万人, runs from 0); each band is printed beside its midpoint. The rank-size exponent
        is fitted as ln(rank − ½) = a − b·ln(size) (Gabaix & Ibragimov) with standard error
        b·√(2/n). The Clark–Evans R compares the mean nearest-neighbour distance of the located
        settlements with that of a random pattern over the county area.
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    func run() throws {
        let d = try dataset.load()
        let graph: TravelGraph? = try d.network.map { _ in
            try TravelGraph.build(network: networkChoice.load(for: d), scenario: networkChoice.scenario, places: d.places, metricCRS: d.metricCRS)
        }
        let m = try HierarchyMeasures(dataset: d, graph: graph)
        var out = "Hierarchy measures for \(d.name) (\(m.sizes.count) units with a population band)\n\n"
        out += TextTable(header: ["rank", "settlement", "level", "band", "midpoint"], rows: m.sizes.enumerated().map { i, e in
            [String(i + 1), e.0.nameZh, e.0.level.nameZh, e.0.population?.stated ?? "", String(format: "%.0f", e.1)]
        }, rightAligned: [0, 4]).render()
        if let rs = m.rankSize {
            out += String(format: "\nRank-size exponent b = %.3f ± %.3f (n = %d; ln(rank − ½) = %.3f − b·ln(size))\n", rs.exponent, rs.standardError, rs.count, rs.intercept)
        }
        func f(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "-" }
        out += "Primacy: two-city \(f(m.primacy.twoCity)), four-city \(f(m.primacy.fourCity)), eleven-city \(f(m.primacy.elevenCity))\n"
        if let nn = m.nearestNeighbour {
            out += String(format: "Clark–Evans R = %.3f (mean nearest neighbour %.1f km against %.1f km for a random pattern; %d points in %.0f km²)\n",
                          nn.r, nn.observedMeanMetres / 1000, nn.expectedMeanMetres / 1000, nn.count, nn.areaKm2)
        }
        if !m.levelAccess.isEmpty {
            out += "\nMean travel time to the nearest unit of the level above (\(graph!.description))\n"
            out += TextTable(header: ["level", "to", "units", "mean minutes", "unreachable"], rows: m.levelAccess.map {
                [$0.level.nameZh, $0.above.nameZh, String($0.units), $0.meanMinutes.map { String(format: "%.1f", $0) } ?? "-", String($0.unreachable)]
            }, rightAligned: [2, 3, 4]).render()
        }
        print(out, terminator: "")
    }
}
