import ArgumentParser
import Foundation
import TownGraphServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The plan on a map in the browser: a local web page and JSON API over the same library calls.",
        discussion: """
            Serves the page at / and the API at /api (docs/api.md, docs/openapi.yaml). Without --data it serves every bundled dataset, Dongying first. The page needs no internet: Leaflet is part of the tool, and the map is drawn from the dataset's counties, roads and towns. It binds to the loopback address unless --host says otherwise; Ctrl-C stops it.

            Examples:
              towngraph serve                    # then open http://127.0.0.1:8080/
              towngraph serve --data yantai --port 8090
              towngraph serve --data postgresql://planner@db/plans?schema=dongying
            """)

    @Option(
        help: ArgumentHelp(
            "A bundled dataset name, a dataset folder, or postgresql://…?schema=NAME (default: every bundled dataset).",
            valueName: "name|dir|url"))
    var data: String?
    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8080
    @Option(help: "The address to listen on (0.0.0.0 opens it to the network).")
    var host: String = "127.0.0.1"
    @Option(help: "Seconds a request may take before it is answered with 503.")
    var timeout: Double = 120

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must lie between 0 and 65535") }
        guard !host.isEmpty else { throw ValidationError("--host is empty") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number") }
    }

    func run() async throws {
        let service = try PlanService.load(data: data)
        var options = PlanServer.Options()
        options.host = host
        options.port = port
        options.timeoutSeconds = timeout
        let names = service.datasetNames.joined(separator: ", ")
        try await PlanServer.run(service: service, options: options) { url in
            // Written straight to the descriptor, so a script reading the pipe sees it at once.
            FileHandle.standardOutput.write(Data("towngraph serve: \(names) at \(url) (Ctrl-C stops)\n".utf8))
        }
    }
}
