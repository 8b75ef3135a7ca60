import ArgumentParser
import Foundation
import TownGraph

/// The network options every routing command shares.
struct NetworkChoice: ParsableArguments {
    @Option(help: ArgumentHelp("A network to use instead of the dataset's own: a GeoJSON file (read with its declared road classes, else the dataset's) or an OpenStreetMap .osm.pbf/.osm file (imported with the default highway table; see `towngraph network import --help`).", valueName: "file"))
    var network: String?

    @Option(help: ArgumentHelp("Include planned links due by this year (default: existing links only).", valueName: "year"))
    var scenario: Int?

    func validate() throws {
        if let s = scenario, !(1900...2200).contains(s) { throw ValidationError("--scenario must be a year, such as 2035") }
    }

    func load(for dataset: Dataset) throws -> RoadNetwork {
        if let path = network {
            // A GeoJSON network (with its own classes or the dataset's), or an OpenStreetMap
            // .osm.pbf / .osm file imported on the fly.
            let bar = ProgressBar()
            defer { bar.finish() }
            return try RoadNetworkLoader.open(path: path, spec: dataset.network, progress: bar.update)
        }
        guard let spec = dataset.network else {
            throw ValidationError("dataset \(dataset.name) declares no network (a network section in dataset.yaml); pass one with --network FILE")
        }
        guard spec.shipsNetwork else {
            throw ValidationError("dataset \(dataset.name) ships no road network (\(spec.description)); pass one with --network FILE (GeoJSON, .osm.pbf or .osm)")
        }
        return try RoadNetworkLoader.load(path: spec.file, spec: spec)
    }
}

/// Place selections on the command line: ids or names ("zhuchengqu,大王镇"), `interchanges`,
/// `all`, or filters `key=value[,value]` (level, type, sub-class, county, kind), repeated
/// to combine.
enum PlaceArgument {
    static func parse(_ values: [String]) throws -> PlaceSelection {
        var criteria: [Selection.Criterion] = []
        var names: [String] = []
        var parts: [PlaceSelection.Part] = []
        for value in values {
            if value == "interchanges" { parts.append(.init(layer: .interchanges)); continue }
            if value == "all" { parts.append(.init(layer: .settlements)); continue }
            if let eq = value.firstIndex(of: "=") {
                let key = String(value[..<eq]).lowercased()
                let items = splitList([String(value[value.index(after: eq)...])])
                switch key {
                case "level": criteria.append(.level(items))
                case "type", "function", "function-type": criteria.append(.functionType(items))
                case "sub-class", "subclass": criteria.append(.subClass(items))
                case "county": criteria.append(.county(items))
                case "kind": criteria.append(.kind(items))
                case "id": criteria.append(.id(items))
                default: throw ValidationError("unknown selection key \"\(key)\" in \(value); use level, type, sub-class, county, kind or id")
                }
            } else {
                names += splitList([value])
            }
        }
        if !names.isEmpty { criteria.append(.name(names)) }
        if !criteria.isEmpty { parts.insert(.init(layer: .settlements, criteria: criteria), at: 0) }
        guard !parts.isEmpty else { throw ValidationError("empty selection") }
        return PlaceSelection(parts)
    }
}

func minutesText(_ seconds: Double) -> String {
    seconds.isFinite ? String(format: "%.1f", seconds / 60) : "unreachable"
}
