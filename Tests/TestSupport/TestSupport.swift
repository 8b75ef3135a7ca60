import Foundation

/// Helpers shared by the test targets: paths, running the CLI and running the independent
/// Python implementations (shapely, pyproj, networkx) used as cross-checks.
public enum TestPaths {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var geoData: URL { packageRoot.appendingPathComponent("GeoData") }
    public static var dongying: URL { geoData.appendingPathComponent("dongying") }
    /// The OpenStreetMap extracts the import tests read (Tests/Fixtures/osm, ODbL).
    public static func osm(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/Fixtures/osm").appendingPathComponent(name).path
    }
    /// ../shared beside the checkout (present in CI).
    public static var shared: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared") }

    /// The towngraph executable built alongside the tests.
    public static var towngraph: URL {
        if let env = ProcessInfo.processInfo.environment["TOWNGRAPH_BIN"] { return URL(fileURLWithPath: env) }
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("towngraph")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/towngraph")
    }
}

public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum TestProcess {
    /// Runs a program to completion, feeding `input` to its standard input.
    public static func run(
        _ executable: URL, _ arguments: [String], input: String? = nil,
        environment: [String: String]? = nil, currentDirectory: URL? = nil
    ) throws -> ProcessResult {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let currentDirectory { p.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        let inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try? inp.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a large output cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let group = DispatchGroup()
        group.enter()
        let reader = out.fileHandleForReading
        DispatchQueue.global().async {
            outBox.data = reader.readDataToEndOfFile()
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = outBox.data
        p.waitUntilExit()
        return ProcessResult(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs the towngraph CLI.
    public static func towngraph(_ arguments: [String], currentDirectory: URL? = nil) throws -> ProcessResult {
        try run(TestPaths.towngraph, arguments, currentDirectory: currentDirectory)
    }
}

public struct PythonError: Error, CustomStringConvertible {
    public let description: String
}

/// The Python interpreter with the cross-check packages: $TOWNGRAPH_PYTHON (set by
/// `make test`), else .venv/bin/python, else python3.
public enum Python {
    public static var interpreter: URL {
        let env = ProcessInfo.processInfo.environment
        if let p = env["TOWNGRAPH_PYTHON"], !p.isEmpty { return URL(fileURLWithPath: p) }
        let venv = TestPaths.packageRoot.appendingPathComponent(".venv/bin/python")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return venv }
        return URL(fileURLWithPath: "/usr/bin/env")
    }

    /// Runs `script` with `input` on standard input and returns standard output. Fails with
    /// Python's error text (for example a missing package: run `make test`).
    public static func run(_ script: String, input: String = "") throws -> String {
        let exe = interpreter
        let args = exe.path == "/usr/bin/env" ? ["python3", "-c", script] : ["-c", script]
        let r = try TestProcess.run(exe, args, input: input)
        guard r.status == 0 else {
            throw PythonError(
                description:
                    "python cross-check failed (exit \(r.status)); `make test` sets up the .venv with shapely, pyproj, networkx:\n\(r.stderr)"
            )
        }
        return r.stdout
    }

    /// Runs a script file of the package (such as Tools/osm_reference.py) with arguments.
    public static func runFile(_ relativePath: String, _ arguments: [String]) throws -> String {
        let path = TestPaths.packageRoot.appendingPathComponent(relativePath).path
        let literal = ([path] + arguments).map {
            "'" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return try run(
            "import runpy, sys\nsys.argv = [\(literal.joined(separator: ", "))]\nrunpy.run_path(sys.argv[0], run_name='__main__')"
        )
    }

    /// Runs a script that prints one JSON document, and parses it.
    public static func json(_ script: String, input: String = "") throws -> Any {
        let text = try run(script, input: input)
        return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
}

/// A temporary folder removed when the value is released.
public final class TemporaryDirectory {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("towngraph-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Copies a dataset folder into a new sub-folder and returns its path.
    public func copyDataset(from source: URL, as name: String = "dataset") throws -> URL {
        let dest = url.appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: dest)
        return dest
    }
}

/// A text edit that must find its target: a test that breaks a file on purpose fails loudly
/// when the file's format changes, instead of testing an unbroken file.
public struct EditNotFound: Error, CustomStringConvertible {
    public let target: String
    public var description: String { "the text to replace is not in the file: \(target.debugDescription)" }
}

extension String {
    public func replacingExisting(_ target: String, with replacement: String) throws -> String {
        guard contains(target) else { throw EditNotFound(target: target) }
        return replacingOccurrences(of: target, with: replacement)
    }
}

/// Small datasets written for a test: places around central Helsinki, where the OpenStreetMap
/// test extract has its roads and EPSG:32635 measures.
public enum SmallDataset {
    /// A place: id (also its name), level id, longitude, latitude.
    public typealias PlacePoint = (id: String, level: String, lon: Double, lat: Double)

    public static let centralHelsinki: [PlacePoint] = [
        ("station", "centre", 24.9414, 60.1710), ("kamppi", "district", 24.9316, 60.1688),
        ("katajanokka", "district", 24.9600, 60.1670),
    ]

    /// A target from `station` to the other places within 10 minutes.
    public static func centreTarget(to destinations: [String]) -> String {
        """
        targets:
          - id: centre-10
            plan_sentence: "centre to districts within 10 minutes"
            relation: each-to-each
            origins:
              - {id: ["station"]}
            destinations:
              - {id: [\(destinations.map { "\"\($0)\"" }.joined(separator: ", "))]}
            minutes: 10
            status: binding

        """
    }

    /// Writes dataset.yaml and settlements.geojson into a new temporary folder: levels
    /// `centre` (rank 1) and `district` (rank 2), the places, and `extra` manifest text.
    public static func write(
        places: [PlacePoint] = centralHelsinki, metricCRS: String = "EPSG:32635", extra: String = ""
    ) throws -> TemporaryDirectory {
        let temp = try TemporaryDirectory()
        try """
        name: helsinki-test
        title: "places in Helsinki"
        plan:
          title: "test plan"
        metric_crs: \(metricCRS)
        layers:
          settlements: settlements.geojson
        levels:
          - {id: centre, rank: 1, name_zh: "中心", name_en: "centre"}
          - {id: district, rank: 2, name_zh: "片区", name_en: "district"}

        """.appending(extra).write(toFile: temp.path("dataset.yaml"), atomically: true, encoding: .utf8)
        let features = places.map { p in
            "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(p.id)\",\"name_zh\":\"\(p.id)\",\"level\":\"\(p.level)\","
                + "\"county\":\"\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(p.lon),\(p.lat)]}}"
        }
        try "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}"
            .write(toFile: temp.path("settlements.geojson"), atomically: true, encoding: .utf8)
        return temp
    }
}
