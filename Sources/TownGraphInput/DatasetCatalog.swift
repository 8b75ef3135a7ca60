import Foundation
import TownGraphModel

/// Finds dataset folders: a path given by the user, or a bundled dataset by name.
///
/// Bundled datasets live in `GeoData/<name>/`. The folder is looked for, in order, in
/// `$TOWNGRAPH_DATA`, in `./GeoData`, and in a `GeoData` folder beside the executable or
/// one of its parent folders (so `.build/release/towngraph` finds the checkout's data).
public enum DatasetCatalog {
    public static let defaultName = "dongying"

    /// Folders searched for bundled datasets, in order; only those that exist.
    public static func searchRoots(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var roots: [String] = []
        if let env = environment["TOWNGRAPH_DATA"], !env.isEmpty { roots.append(env) }
        roots.append((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("GeoData"))
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            roots.append(dir.appendingPathComponent("GeoData").path)
            dir.deleteLastPathComponent()
        }
        var seen = Set<String>()
        return roots.filter { seen.insert(($0 as NSString).standardizingPath).inserted && isDirectory($0) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }

    /// The folder for `nameOrPath` (a dataset name, or a folder holding dataset.yaml).
    public static func resolve(_ nameOrPath: String?) throws -> String {
        let term = nameOrPath ?? defaultName
        if isDirectory(term) {
            guard FileManager.default.fileExists(atPath: (term as NSString).appendingPathComponent("dataset.yaml"))
            else {
                throw DatasetCatalogError.notADataset(term)
            }
            return term
        }
        if term.contains("/") { throw DatasetCatalogError.notFound(term, searched: []) }
        let roots = searchRoots()
        for root in roots {
            let candidate = (root as NSString).appendingPathComponent(term)
            if FileManager.default.fileExists(atPath: (candidate as NSString).appendingPathComponent("dataset.yaml")) {
                return candidate
            }
        }
        throw DatasetCatalogError.notFound(term, searched: roots)
    }

    /// The other folders a dataset name would have found, after the one it resolves to: a
    /// `GeoData` folder in the working directory shadows the bundled data, and the user
    /// should know which one was used.
    public static func shadowed(_ name: String?) -> [String] {
        let term = name ?? defaultName
        guard !term.contains("/"), !isDirectory(term) else { return [] }
        let found = searchRoots().map { ($0 as NSString).appendingPathComponent(term) }.filter {
            FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("dataset.yaml"))
        }
        let real = Set(found.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path })
        return real.count > 1 ? Array(found.dropFirst()) : []
    }

    /// Names of the bundled datasets found in the search roots.
    public static func bundled() -> [(name: String, directory: String)] {
        var found: [(String, String)] = []
        var names = Set<String>()
        for root in searchRoots() {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for name in entries.sorted() {
                let dir = (root as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent("dataset.yaml")),
                    names.insert(name).inserted
                {
                    found.append((name, dir))
                }
            }
        }
        return found
    }
}

public enum DatasetCatalogError: Error, CustomStringConvertible {
    case notFound(String, searched: [String])
    case notADataset(String)
    /// No bundled dataset in any of the folders searched.
    case noneBundled(searched: [String])

    public var description: String {
        switch self {
        case .notFound(let term, let searched):
            if searched.isEmpty { return "no dataset folder at \(term)" }
            return
                "no dataset named \"\(term)\"; looked in: \(searched.joined(separator: ", ")). Pass --data DIR for a dataset folder, or set TOWNGRAPH_DATA"
        case .noneBundled(let searched):
            return
                "no bundled datasets found; looked in: \(searched.joined(separator: ", ")). Set TOWNGRAPH_DATA to the GeoData folder"
        case .notADataset(let dir):
            return "\(dir) is not a dataset folder: it has no dataset.yaml"
        }
    }
}
