import ArgumentParser
import TownGraph

struct Datasets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the bundled datasets and where they were found.")

    func run() throws {
        let found = DatasetCatalog.bundled()
        if found.isEmpty {
            throw ValidationError("no bundled datasets found; looked in: \(DatasetCatalog.searchRoots().joined(separator: ", ")). Set TOWNGRAPH_DATA to the GeoData folder")
        }
        var rows: [[String]] = []
        for (name, dir) in found {
            do {
                let d = try DatasetLoader.load(directory: dir)
                rows.append([name, d.title, String(d.settlements.count), String(d.warnings.count), dir])
            } catch {
                rows.append([name, "(does not load: run towngraph info --data \(name))", "", "", dir])
            }
        }
        print(TextTable(header: ["name", "title", "settlements", "warnings", "folder"], rows: rows, rightAligned: [2, 3]).render(), terminator: "")
    }
}
