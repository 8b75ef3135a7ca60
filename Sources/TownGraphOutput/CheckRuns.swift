import Foundation
import TownGraphAnalysis
import TownGraphInput
import TownGraphModel

/// `towngraph check --all`: every bundled dataset's targets on its own network (its default,
/// or the one of each dataset with a given name), as one markdown report.
public enum BundledCheck {
    /// The report, and whether every binding target holds (with `strict`, every target).
    /// With `compare`, each dataset's two scenarios side by side instead.
    public static func run(
        details: Bool, strict: Bool, network name: String? = nil, compare: (Int?, Int?)? = nil
    ) throws -> (
        markdown: String, passes: Bool
    ) {
        var text = "## Plan targets across the bundled datasets\n\n"
        var passes = true
        let found = DatasetCatalog.bundled()
        guard !found.isEmpty else { throw DatasetCatalogError.noneBundled(searched: DatasetCatalog.searchRoots()) }
        for (dataset, dir) in found {
            let d = try DatasetLoader.load(directory: dir)
            guard let spec = name.map({ d.network(named: $0) }) ?? d.network,
                !(d.targets.isEmpty && d.serviceTargets.isEmpty)
            else {
                text +=
                    "### \(dataset): \(d.targets.isEmpty && d.serviceTargets.isEmpty ? "no accessibility targets declared" : "no network named \(name ?? "")")\n\n"
                continue
            }
            guard spec.shipsNetwork else {
                text += "### \(dataset): not checked — the dataset ships no road network (\(spec.description))\n\n"
                continue
            }
            let network = try RoadNetworkLoader.load(path: spec.file, spec: spec)
            if let compare {
                let comparison = try AccessibilityCheck.compare(dataset: d, network: network, scenarios: compare)
                text += "### \(dataset)\n\n" + comparison.renderTable(markdown: true) + "\n"
                passes = passes && comparison.passes(strict: strict)
                continue
            }
            let report = try AccessibilityCheck.run(dataset: d, network: network, scenario: nil, speedRanges: true)
                .report
            text += report.renderMarkdown(details: details) + "\n"
            passes = passes && report.passes(strict: strict)
        }
        return (text, passes)
    }
}

extension GeoJSONExport {
    /// The files an export writes: one FeatureCollection of `layers` at `output`, or with
    /// `split`, one file per layer in that folder (`settlements.geojson`...). Without
    /// `explicit` layers, those the dataset leaves empty are skipped. Nothing is written:
    /// the caller writes every file once all are made, so a failure leaves none.
    public func files(
        _ dataset: Dataset, layers: [Layer], explicit: Bool, output: String?, split: String?
    ) -> (files: [(path: String, text: String)], summary: String) {
        let chosen = layers.filter { explicit || !features($0, of: dataset).isEmpty }
        if let split {
            let files = chosen.map {
                (
                    (split as NSString).appendingPathComponent("\($0.rawValue).geojson"),
                    collection([$0], of: dataset).serialized(pretty: true) + "\n"
                )
            }
            return (files, "wrote \(files.count) file\(files.count == 1 ? "" : "s") to \(split)")
        }
        let path = output ?? "-"
        let n = chosen.map { features($0, of: dataset).count }.reduce(0, +)
        return (
            [(path, collection(chosen, of: dataset).serialized(pretty: true) + "\n")],
            "wrote \(n) features (\(chosen.map(\.rawValue).joined(separator: ", "))) to \(path)"
        )
    }
}
