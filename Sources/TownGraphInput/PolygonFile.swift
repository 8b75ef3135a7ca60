import Foundation
import GeoKit
import JSONKit
import OSMKit
import TownGraphModel

/// The polygons of a GeoJSON file the user gives (an area to select towns in): a geometry,
/// a Feature or a FeatureCollection (read as every layer is, see ``FeatureCollectionFile``),
/// in WGS84 longitude/latitude.
public enum PolygonFile {
    public static func read(_ path: String) throws -> Geometry {
        let file = (path as NSString).lastPathComponent
        func fail(_ index: Int?, _ message: String) -> InputError {
            InputError(.file, source: path, issues: [DatasetIssue(.error, file: file, featureIndex: index, message)])
        }
        if let problem = InputFileCheck.problem(path) { throw fail(nil, "cannot read \(path): \(problem)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail(nil, "cannot read \(path)") }
        InputFiles.record(path)
        let root: JSONValue
        do { root = try JSONValue.parse(data) } catch { throw fail(nil, "\(error)") }
        var geometries: [(index: Int?, geometry: JSONValue)] = []
        switch root["type"]?.stringValue {
        case "FeatureCollection":
            let collection: FeatureCollectionFile
            do { collection = try FeatureCollectionFile.read(path: path, file: file) } catch {
                throw InputError(.file, source: path, issues: [error.issue])
            }
            for (i, f) in collection.features.enumerated() {
                if let g = f["geometry"], !g.isNull { geometries.append((i, g)) }
            }
        case "Feature":
            guard let g = root["geometry"], !g.isNull else { throw fail(nil, "the Feature has no geometry") }
            geometries.append((0, g))
        default:
            geometries.append((nil, root))
        }
        var polygons: [[[Coordinate]]] = []
        for (index, value) in geometries {
            let geometry: Geometry
            do { geometry = try Geometry(geoJSON: value) } catch { throw fail(index, "geometry: \(error)") }
            switch geometry {
            case .polygon(let rings): polygons.append(rings)
            case .multiPolygon(let ps): polygons += ps
            default: throw fail(index, "expected a Polygon or MultiPolygon, found \(geometry.typeName)")
            }
            if let bad = geometry.allCoordinates.first(where: { !FeatureCollectionFile.isLonLat($0) }) {
                throw fail(index, FeatureCollectionFile.rangeMessage(bad))
            }
        }
        guard !polygons.isEmpty else { throw fail(nil, "holds no polygon") }
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }
}
