import Foundation
import GeoKit
import JSONKit
import OSMKit
import TownGraphModel

/// Reads and validates a network GeoJSON file: LineString features are road links, Point
/// features with `"feature": "interchange"` are interchanges. Every problem is reported
/// with the file and the feature; any error throws ``InputError``.
public enum RoadNetworkLoader {
    /// Reads a network file of any kind TownGraph knows: GeoJSON (told by its first
    /// character); an OpenStreetMap PBF or XML file (told by its first bytes), imported with
    /// the default ``OSMRoadTable``; else any vector format GDAL reads (Shapefile,
    /// GeoPackage, FileGDB, a `PG:` connection…), in any CRS, with the same properties as a
    /// network GeoJSON file. The dataset's attachment and access options apply to all.
    public static func open(
        path: String, spec: NetworkSpec?, description: String? = nil,
        progress: ((OSMRoadImport.Phase, Int, Int) -> Void)? = nil
    ) throws -> RoadNetwork {
        let file = (path as NSString).lastPathComponent
        let gdalFolder = path.lowercased().hasSuffix(".gdb")
        if !path.hasPrefix("PG:"), let problem = InputFileCheck.problem(path),
            !(gdalFolder && problem.hasPrefix("is a folder"))
        {
            throw InputError(
                .network, source: path, issues: [DatasetIssue(.error, file: file, "cannot read \(path): \(problem)")])
        }
        if !path.hasPrefix("PG:") && !gdalFolder {
            if isGeoJSON(path) { return try load(path: path, spec: spec, description: description) }
            if looksLikeOSM(path) {
                let n = try OSMRoadImport.read(
                    path: path, networkOptions: spec?.options ?? NetworkOptions(), progress: progress
                ).network
                guard let spec, samePath(spec.file, path) else { return n }
                // A dataset's own OpenStreetMap network: named and described as its manifest says.
                return RoadNetwork(
                    description: spec.description, source: n.source, classes: n.classes, links: n.links,
                    interchanges: n.interchanges, options: n.options, name: spec.id, credit: spec.credit ?? n.credit)
            }
        }
        let collection: FeatureCollectionFile
        do {
            collection = try FeatureCollectionFile.read(
                path: path, file: path.hasPrefix("PG:") ? "database" : file,
                options: LayerReadOptions(layer: spec?.layer, defaultCRS: spec?.crs, encoding: spec?.encoding))
        } catch {
            throw InputError(.network, source: path, issues: [error.issue])
        }
        return try load(collection, path: path, spec: spec, description: description)
    }

    /// Whether a file is (or claims to be) OpenStreetMap data: a PBF header block, XML
    /// with an `<osm` element, a name ending in .osm or .pbf, or a compressed or UTF-16
    /// file (whose message the OSM reader gives).
    static func looksLikeOSM(_ path: String) -> Bool {
        let name = path.lowercased()
        if name.hasSuffix(".osm") || name.hasSuffix(".pbf") || name.hasSuffix(".osm.xml") { return true }
        guard let h = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? h.close() }
        let head = [UInt8]((try? h.read(upToCount: 512)) ?? Data())
        if head.isEmpty || head.starts(with: [0x1F, 0x8B]) || head.starts(with: Array("BZh".utf8)) { return true }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return true }
        let text = String(decoding: head, as: UTF8.self)
        return text.contains("OSMHeader") || text.contains("<osm")
    }

    static func samePath(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }

    /// Whether a file's first visible character opens a JSON object (an unreadable file
    /// goes by its name, so that the error comes from the reader it names).
    static func isGeoJSON(_ path: String) -> Bool {
        guard FileManager.default.isReadableFile(atPath: path) else { return path.lowercased().hasSuffix("json") }
        return OSMFile.firstVisibleByte(ofFile: path) == UInt8(ascii: "{")
    }

    /// Reads a network GeoJSON file. Its road classes are those the file declares in its
    /// `towngraph` member (as `network import` writes), else the dataset's (`spec`).
    public static func load(path: String, spec: NetworkSpec?, description: String? = nil) throws -> RoadNetwork {
        let collection: FeatureCollectionFile
        do {
            collection = try FeatureCollectionFile.read(
                path: path, file: (path as NSString).lastPathComponent,
                options: LayerReadOptions(defaultCRS: spec?.crs))
        } catch {
            throw InputError(.network, source: path, issues: [error.issue])
        }
        return try load(collection, path: path, spec: spec, description: description)
    }

    /// Validates a network FeatureCollection already read (`path` names it in errors).
    static func load(
        _ collection: FeatureCollectionFile, path: String, spec: NetworkSpec?, description: String? = nil
    ) throws -> RoadNetwork {
        let file = collection.file
        var issues: [DatasetIssue] = []
        func error(_ index: Int?, _ id: String?, _ message: String) {
            issues.append(DatasetIssue(.error, file: file, featureIndex: index, featureId: id, message))
        }
        let root = collection.root
        let features = collection.features
        var classList = spec?.classes ?? []
        var options = spec?.options ?? NetworkOptions()
        let header = try NetworkFileHeader.declared(in: root, file: file)
        // A dataset's own network file reads with the manifest's classes and options; any
        // other file with the classes it declares, if it does.
        let declaredBySpec = spec.map { samePath($0.file, path) } == true
        if let header, !header.classes.isEmpty, !(declaredBySpec && !classList.isEmpty) {
            classList = header.classes
            if let separate = header.separateLayer { options.separateExpresswayLayer = separate }
        }
        if classList.isEmpty {
            throw InputError(
                .network, source: path,
                issues: [
                    DatasetIssue(
                        .error, file: file,
                        "declares no road classes (a \"\(RoadNetwork.geoJSONMember)\" member with classes), and the dataset declares none either"
                    )
                ])
        }
        let classes = Dictionary(classList.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var links: [RoadLink] = []
        var interchanges: [Interchange] = []
        var ids = Set<String>()

        for (index, f) in features.enumerated() {
            guard f["type"]?.stringValue == "Feature" else {
                error(index, nil, "is not a GeoJSON Feature")
                continue
            }
            let p = f["properties"] ?? .object([])
            let id = p["id"]?.stringValue ?? f["id"]?.stringValue ?? "#\(index)"
            if !ids.insert(id).inserted {
                error(index, id, "duplicate id \"\(id)\"")
                continue
            }
            guard let g = f["geometry"], !g.isNull else {
                error(index, id, "has no geometry")
                continue
            }
            let geometry: Geometry
            do { geometry = try Geometry(geoJSON: g) } catch let failure {
                error(index, id, "broken geometry: \(failure)")
                continue
            }
            if let bad = geometry.allCoordinates.first(where: { !FeatureCollectionFile.isLonLat($0) }) {
                error(index, id, FeatureCollectionFile.rangeMessage(bad))
                continue
            }
            let status: LinkStatus
            switch p["status"]?.stringValue ?? "existing" {
            case "existing": status = .existing
            case "planned":
                guard let y = p["year"]?.numberValue, y == y.rounded(), (1900...2200).contains(y) else {
                    error(index, id, "a planned feature needs its year (for example \"year\": 2035)")
                    continue
                }
                status = .planned(year: Int(y))
            case let other:
                error(index, id, "unknown status \"\(other)\" (existing or planned)")
                continue
            }
            let isInterchange = p["feature"]?.stringValue == "interchange"
            switch geometry {
            case .point(let c) where isInterchange:
                let refs = p["refs"]?.arrayValue?.compactMap(\.stringValue) ?? p["ref"]?.stringValue.map { [$0] } ?? []
                interchanges.append(
                    Interchange(
                        id: id, name: p["name"]?.stringValue ?? id, refs: refs, location: c,
                        approximate: p["approximate"]?.boolValue ?? false, status: status, note: p["note"]?.stringValue,
                        featureIndex: index))
            case .point:
                error(index, id, "a Point feature must be an interchange (\"feature\": \"interchange\")")
            case .lineString(let cs):
                guard let classId = p["class"]?.stringValue else {
                    error(index, id, "has no road class (\"class\")")
                    continue
                }
                guard let roadClass = classes[classId] else {
                    error(
                        index, id,
                        "unknown road class \"\(classId)\" (classes: \(classList.map(\.id).joined(separator: ", ")))")
                    continue
                }
                var speed: Double?
                if let v = p["speed_kmh"], !v.isNull {
                    guard let s = v.numberValue, s.isFinite, s > 0 else {
                        error(
                            index, id,
                            "speed_kmh must be a positive number of km/h, found \(v.numberValue.map { JSONValue.format($0) } ?? v.kindName)"
                        )
                        continue
                    }
                    speed = s
                }
                let circuity = p["circuity"]?.numberValue ?? 1
                guard circuity.isFinite, circuity >= 1 else {
                    error(index, id, "circuity must be a number ≥ 1, found \(circuity)")
                    continue
                }
                if Set(cs).count < 2 {
                    error(index, id, "broken geometry: the LineString has fewer than two distinct positions")
                    continue
                }
                links.append(
                    RoadLink(
                        id: id, roadClass: roadClass, ref: p["ref"]?.stringValue, name: p["name"]?.stringValue,
                        speedKmh: speed,
                        oneway: p["oneway"]?.boolValue ?? false, status: status, circuity: circuity,
                        modelled: p["modelled"]?.boolValue ?? false, coordinates: cs, featureIndex: index))
            default:
                error(
                    index, id,
                    "geometry must be a LineString (road) or a Point (interchange), found \(geometry.typeName)")
            }
        }
        for c in classList where !(c.speedKmh.isFinite && c.speedKmh > 0) {
            issues.append(
                DatasetIssue(
                    .error, file: DatasetManifest.fileName, featureId: c.id,
                    "road class speed must be positive, found \(c.speedKmh)"))
        }
        if !issues.isEmpty { throw InputError(.network, source: path, issues: issues) }
        if links.isEmpty {
            throw InputError(
                .network, source: path,
                issues: [DatasetIssue(.error, file: file, "holds no road links (LineString features)")])
        }
        return RoadNetwork(
            description: description ?? (declaredBySpec ? spec!.description : nil) ?? header?.description
                ?? "network file \(file)",
            source: path,
            classes: classList, links: links, interchanges: interchanges, options: options,
            name: declaredBySpec ? spec!.id : file, credit: header?.credit ?? (declaredBySpec ? spec!.credit : nil))
    }
}
