import Foundation
import TownGraphModel

/// The road network a question runs on: one of the dataset's networks by name, a file the
/// user names (network GeoJSON, or an OpenStreetMap .osm.pbf/.osm imported on the fly), else
/// the dataset's default network.
public enum NetworkSource {
    /// `choice` is a network name the dataset declares or a file path (a name wins; write
    /// `./name` for a file that has a network's name).
    /// `crs` and `layer` describe a file given by path (its CRS when it declares none, the
    /// layer of a GeoPackage).
    public static func open(
        for dataset: Dataset, file choice: String?, crs: String? = nil, layer: String? = nil,
        progress: ((OSMRoadImport.Phase, Int, Int) -> Void)? = nil
    ) throws -> RoadNetwork {
        if let choice, let named = dataset.network(named: choice) {
            guard named.shipsNetwork else {
                throw NetworkSourceError(
                    "network \(choice) of dataset \(dataset.name) has no file (\(named.description))")
            }
            return try RoadNetworkLoader.open(path: named.file, spec: named, progress: progress)
        }
        if let file = choice {
            if !file.contains("/") && !file.contains(".") && !dataset.networks.isEmpty {
                throw NetworkSourceError(
                    "dataset \(dataset.name) has no network named \(file) (its networks: \(dataset.networks.map(\.id).joined(separator: ", "))); a file path needs a / or an extension"
                )
            }
            var spec = dataset.network
            if crs != nil || layer != nil {
                var described =
                    dataset.network ?? NetworkSpec(file: "", description: "", classes: [], options: NetworkOptions())
                described.crs = crs ?? described.crs
                described.layer = layer
                spec = described
            }
            return try RoadNetworkLoader.open(path: file, spec: spec, progress: progress)
        }
        guard let spec = dataset.network else {
            throw NetworkSourceError(
                "dataset \(dataset.name) declares no network (a network section in dataset.yaml); pass one with --network FILE"
            )
        }
        guard spec.shipsNetwork else {
            throw NetworkSourceError(
                "dataset \(dataset.name) ships no road network (\(spec.description)); pass one with --network FILE (GeoJSON, .osm.pbf or .osm)"
            )
        }
        return try RoadNetworkLoader.open(path: spec.file, spec: spec, progress: progress)
    }
}

/// No network to route on.
public struct NetworkSourceError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
