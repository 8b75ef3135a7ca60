import ArgumentParser
import Foundation
import TownGraphInput
import TownGraphOutput

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "PostGIS: push a dataset into a database schema that QGIS opens and pgRouting routes.",
        subcommands: [DBPushCommand.self])
}

struct DBPushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Write a dataset into a PostGIS schema, replacing its content in one transaction.",
        discussion: """
            Writes the settlements, counties, the plan's levels, function types and targets, and every network of the dataset: one table links_<network> per network with a row per road segment (class, speed, status, year) and pgRouting's source, target, cost and reverse_cost in seconds (-1 one way), and entry_points_<network>. Geometries are EPSG:4326 with spatial indexes. A failure leaves the schema's old content whole; a schema that holds other tables is refused. docs/postgis.md describes the tables.

            The connection comes from --db (a postgresql:// URL) and the usual PG* environment variables (PGHOST, PGUSER, PGPASSWORD…); passwords are never printed.

            Examples:
              towngraph db push --db postgresql://planner@localhost/plans --schema dongying
              PGHOST=db.example PGUSER=planner towngraph db push --data yantai --schema yantai
            """)

    @OptionGroup var dataset: DatasetOptions
    @Option(
        help: ArgumentHelp(
            "The database (postgresql://user@host:port/name); default: the PG* variables.", valueName: "url"))
    var db: String = ""
    @Option(help: ArgumentHelp("The schema to write (default: the dataset's name).", valueName: "name"))
    var schema: String?

    func validate() throws {
        if !db.isEmpty && !(db.hasPrefix("postgresql://") || db.hasPrefix("postgres://") || db.contains("=")) {
            throw ValidationError("--db takes a postgresql:// URL (or key=value connection settings)")
        }
        if let schema, schema.isEmpty || schema.count > 63 {
            throw ValidationError("--schema must be a name of 1 to 63 characters")
        }
    }

    func run() throws {
        let d = try dataset.load()
        let networks = try d.networks.filter(\.shipsNetwork).map { try NetworkSource.open(for: d, file: $0.id) }
        let summary = try DatabasePush.push(dataset: d, networks: networks, url: db, schema: schema ?? d.name)
        note(
            "pushed \(d.name) into schema \(summary.schema): "
                + summary.rows.map { "\($0.table) \($0.count)" }.joined(separator: ", "))
    }
}
