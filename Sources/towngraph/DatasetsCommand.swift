import ArgumentParser
import TownGraphOutput

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the bundled datasets and where they were found.")

    func run() throws {
        print(try DatasetListing.renderTable(), terminator: "")
    }
}
