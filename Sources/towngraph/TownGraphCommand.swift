import ArgumentParser
import TownGraphOutput

@main
struct TownGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "towngraph",
        abstract:
            "Check a town-system plan against its data: settlement hierarchy, travel times and the plan's reach targets.",
        discussion: """
            With no --data option every command uses the bundled Dongying dataset (GeoData/dongying). A bad option value exits with status 64 and the usage; any other failure prints one line and exits with status 1.

            Examples:
              towngraph info
              towngraph towns --function industry-commerce
              towngraph towns --level 重点镇 --county 广饶县 --format csv
              towngraph export -o dongying.geojson
              towngraph check --details
              towngraph reach --from 主城区 --minutes 30,45,90
              towngraph route 主城区 利津县城
              towngraph isochrones --from 主城区 --minutes 30,45 -o iso.geojson
              towngraph render -o map.svg --png
              towngraph serve                      # the map page at http://127.0.0.1:8080/
            """,
        version: "0.1.0 (\(Versions.libraries))",
        subcommands: [
            InfoCommand.self, TownsCommand.self, ExportCommand.self, CheckCommand.self, ReachCommand.self,
            MatrixCommand.self,
            RouteCommand.self, IsochronesCommand.self, CatchmentsCommand.self, CoverageCommand.self,
            MeasuresCommand.self,
            LayoutCommand.self, LinkageCommand.self, AccessCommand.self, InfluenceCommand.self, PrioritiesCommand.self,
            RenderCommand.self,
            NetworkCommand.self,
            DatasetsCommand.self, InitCommand.self, DBCommand.self, ServeCommand.self,
        ]
    )

    /// Runs the command; runtime errors are shown with control characters escaped, so that
    /// a name from a file or the command line cannot drive the terminal.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: TerminalSafe.error(error))
        }
    }
}
