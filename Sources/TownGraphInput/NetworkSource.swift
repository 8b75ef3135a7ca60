import Foundation
import TownGraphModel

/// The road network a question runs on: a file the user names (network GeoJSON, or an
/// OpenStreetMap .osm.pbf/.osm imported on the fly), else the dataset's own.
public enum NetworkSource {
    public static func open(
        for dataset: Dataset, file: String?, progress: ((OSMRoadImport.Phase, Int, Int) -> Void)? = nil
    ) throws -> RoadNetwork {
        if let file { return try RoadNetworkLoader.open(path: file, spec: dataset.network, progress: progress) }
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
        return try RoadNetworkLoader.load(path: spec.file, spec: spec)
    }
}

/// No network to route on.
public struct NetworkSourceError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
