import ArgumentParser
import Foundation
import TownGraphAnalysis
import TownGraphInput
import TownGraphModel
import TownGraphOutput

/// `--data`: the dataset every command reads.
struct DatasetOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A bundled dataset name, a dataset folder (one holding dataset.yaml), or a database: postgresql://…?schema=NAME (see `towngraph db push`).",
            valueName: "name|dir|url"))
    var data: String?

    func load() throws -> Dataset {
        if DatasetStore.isDatabase(data) { return try DatasetStore.load(url: data!) }
        let directory = try DatasetCatalog.resolve(data)
        let others = DatasetCatalog.shadowed(data)
        if !others.isEmpty {
            note(
                "note: using \(directory); it comes before \(others.joined(separator: ", ")) (pass --data DIR to choose)"
            )
        }
        return try DatasetLoader.load(directory: directory)
    }
}

/// `--network` and `--scenario`: what the routing commands route on.
struct NetworkChoice: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The network to route on: one the dataset declares, by name (schematic, osm-major-roads…; `towngraph info` lists them), "
                + "or a file: network GeoJSON or OpenStreetMap .osm.pbf/.osm (see `towngraph network import --help`). "
                + "Default: the dataset's default network.", valueName: "name|file"))
    var network: String?

    @Option(
        help: ArgumentHelp(
            "The CRS of a --network file that does not declare one (EPSG:4549…).", valueName: "crs"))
    var networkCRS: String?

    @Option(help: ArgumentHelp("The layer of a multi-layer --network file (GeoPackage).", valueName: "name"))
    var networkLayer: String?

    @Option(
        help: ArgumentHelp("Include planned links due by this year (default: existing links only).", valueName: "year"))
    var scenario: Int?

    func validate() throws {
        if (networkCRS != nil || networkLayer != nil) && network == nil {
            throw ValidationError("--network-crs and --network-layer describe a --network file; give one")
        }
        if let s = scenario, !(1900...2200).contains(s) {
            throw ValidationError("--scenario must be a year, such as 2035")
        }
    }

    /// The network named with --network, else the dataset's default.
    func load(for dataset: Dataset) throws -> RoadNetwork {
        try Self.open(network, for: dataset, crs: networkCRS, layer: networkLayer)
    }

    /// A network by name or file (nil: the dataset's default), with a progress bar for OSM files.
    static func open(
        _ choice: String?, for dataset: Dataset, crs: String? = nil, layer: String? = nil
    ) throws
        -> RoadNetwork
    {
        let bar = ProgressBar()
        defer { bar.finish() }
        return try NetworkSource.open(for: dataset, file: choice, crs: crs, layer: layer, progress: bar.update)
    }
}

/// `--engine`: which search answers the routing commands' travel times.
struct EngineChoice: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "auto, dijkstra or ch (the customizable contraction hierarchy). auto uses the hierarchy for tables of at least 200 origins on graphs of at least 50,000 nodes, and Dijkstra otherwise; the answers are the same.",
            valueName: "engine"))
    var engine: RoutingEngine = .auto

    /// The graphs of `dataset` with this engine; large graphs keep their hierarchy's order in
    /// the dataset folder's `.towngraph-cache`.
    func graphs(_ dataset: Dataset) -> RoadGraphs {
        RoadGraphs(dataset, engine: engine, orderStore: HierarchyOrderFiles.beside(datasetDirectory: dataset.directory))
    }
}

extension RoutingEngine: ExpressibleByArgument {}

/// `--format`, one enum for every command; each command says which formats it writes.
extension OutputFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    /// Each command's help says which formats it writes; the full list would mislead.
    public static var allValueStrings: [String] { [] }
}

extension ParsableCommand {
    /// A ValidationError unless `format` is among `allowed`.
    func require(_ format: OutputFormat, in allowed: [OutputFormat]) throws {
        if let why = format.check(allowed) { throw ValidationError("--format: \(why)") }
    }
}

/// Time limits in minutes: `--minutes 30,45,90`, positive numbers, in the order given.
struct MinuteLimits: ExpressibleByArgument {
    let values: [Double]

    init?(argument: String) {
        let parts = Selection.terms([argument]).map { Double($0) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 && $0!.isFinite }) else { return nil }
        values = parts.map { $0! }
    }

    init(_ values: [Double]) { self.values = values }

    var defaultValueDescription: String {
        values.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }.joined(separator: ",")
    }
}

/// Two scenarios to compare: `--compare base,2035`.
struct ScenarioPair: ExpressibleByArgument {
    let first: Int?
    let second: Int?

    init?(argument: String) {
        let parts = argument.split(separator: ",").map(String.init)
        guard parts.count == 2, parts.allSatisfy({ $0 == "base" || Int($0) != nil }) else { return nil }
        first = Int(parts[0])
        second = Int(parts[1])
    }
}

/// A box of longitudes and latitudes: `--bbox W,S,E,N`.
struct BoundingBox: ExpressibleByArgument {
    let west, south, east, north: Double

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, parts.allSatisfy({ $0 != nil }) else { return nil }
        (west, south, east, north) = (parts[0]!, parts[1]!, parts[2]!, parts[3]!)
    }
}

/// A selection of places in the selection language (see `PlaceSelection(parsing:)`),
/// checked in `validate()`.
func placeSelection(_ values: [String], option: String) throws -> PlaceSelection {
    do { return try PlaceSelection(parsing: values) } catch {
        throw ValidationError(Printable.text("\(option): \(error)"))
    }
}

/// Tells on standard error how many warnings the dataset has (the output stays clean).
func noteWarnings(_ dataset: Dataset) {
    guard !dataset.warnings.isEmpty else { return }
    let n = dataset.warnings.count
    note("\(n) warning\(n == 1 ? "" : "s") in dataset \(dataset.name) (see `towngraph info`)")
}

/// A line on standard error.
func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// `--db URL --table NAME`: results written to a PostGIS table as well, for QGIS.
struct ResultDatabase: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Also write the results to a table of this database (postgresql://…; with --table).", valueName: "url"))
    var db: String?
    @Option(help: ArgumentHelp("The table to write (schema.name or name), replaced if it exists.", valueName: "name"))
    var table: String?

    func validate() throws {
        if (db == nil) != (table == nil) { throw ValidationError("--db and --table go together") }
        if let db, !(db.hasPrefix("postgresql://") || db.hasPrefix("postgres://")) {
            throw ValidationError("--db takes a postgresql:// URL")
        }
        if let table, table.isEmpty || table.split(separator: ".").count > 2 {
            throw ValidationError("--table is a name or schema.name")
        }
    }

    /// Writes `result` when asked, with a note naming the table.
    func write(_ result: () throws -> ResultTable) throws {
        guard let db, let table else { return }
        let n = try result().write(url: db, table: table)
        note("wrote \(n) rows to table \(table)")
    }
}
