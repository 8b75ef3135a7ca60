import ArgumentParser
import Foundation
import TownGraphInput
import TownGraphOutput

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a dataset from a table or layer of towns: a dataset.yaml with the levels and types found.",
        discussion: """
            Reads the towns as a dataset would (GeoJSON, Shapefile, GeoPackage, CSV, XLSX…, in any CRS) and writes DIR/dataset.yaml: the levels and function types the file uses with their counts, and TODO markers where the plan's sentences and counts belong. The towns stay in your file, which the manifest names with the columns to read. Then `towngraph info --data DIR` loads it.

            Examples:
              towngraph init mytowns --settlements towns.shp --level-field 等级 --name-field 名称
              towngraph init mytowns --settlements towns.xlsx --crs EPSG:4549 --level-field level --type-field type
            """)

    @Argument(help: ArgumentHelp("The dataset folder to start (made if missing).", valueName: "dir"))
    var folder: String
    @Option(help: ArgumentHelp("The table or layer of towns.", valueName: "file"))
    var settlements: String
    @Option(help: ArgumentHelp("The column holding each town's level.", valueName: "column"))
    var levelField: String = "level"
    @Option(help: ArgumentHelp("The column holding each town's function type, if any.", valueName: "column"))
    var typeField: String?
    @Option(help: ArgumentHelp("The column holding each town's name.", valueName: "column"))
    var nameField: String = "name"
    @Option(help: ArgumentHelp("The column holding each town's id (default: the row number).", valueName: "column"))
    var idField: String?
    @Option(help: ArgumentHelp("The column holding each town's county-level unit, if any.", valueName: "column"))
    var countyField: String?
    @Option(help: ArgumentHelp("The layer of a multi-layer file (GeoPackage).", valueName: "name"))
    var layer: String?
    @Option(help: ArgumentHelp("The CRS of the coordinates, when the file does not say.", valueName: "crs"))
    var crs: String?
    @Option(help: ArgumentHelp("A Shapefile's attribute encoding when its .cpg is missing (GBK).", valueName: "name"))
    var encoding: String?
    @Flag(help: "Replace an existing dataset.yaml.")
    var force = false

    func validate() throws {
        if folder.isEmpty { throw ValidationError("give the dataset folder to start") }
    }

    func run() throws {
        let target = (folder as NSString).appendingPathComponent("dataset.yaml")
        if FileManager.default.fileExists(atPath: target) && !force {
            throw InitError("\(target) exists; pass --force to replace it")
        }
        let path =
            settlements.hasPrefix("/") || settlements.hasPrefix("PG:")
            ? settlements : FileManager.default.currentDirectoryPath + "/" + settlements
        let absoluteFolder = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        let starter = DatasetStarter(
            folder: (absoluteFolder as NSString).standardizingPath, settlements: (path as NSString).standardizingPath,
            options: LayerReadOptions(layer: layer, crs: crs, encoding: encoding))
        let (text, found) = try starter.manifest(
            columns: .init(
                id: idField, name: nameField, level: levelField, functionType: typeField, county: countyField))
        try OutputFile.makeFolder(folder)
        try OutputFile.write(text, to: target)
        let levels = found.levels.map { "\($0.value) \($0.count)" }.joined(separator: ", ")
        let types = found.functionTypes.map { "\($0.value) \($0.count)" }.joined(separator: ", ")
        note(
            "wrote \(target): \(found.towns) towns (\(found.located) located); levels: \(levels)"
                + (types.isEmpty ? "" : "; function types: \(types)")
                + ". Fill in the TODOs, then: towngraph info --data \(folder)")
    }
}

struct InitError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
