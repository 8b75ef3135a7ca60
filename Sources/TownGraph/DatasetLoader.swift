import Foundation
import GeoKit

/// Reads a dataset folder and validates all of it: the manifest, the settlements and the
/// counties. Every problem is collected (not only the first), each naming its file and
/// feature; any error makes loading throw ``DatasetLoadError``. Soft findings become
/// ``Dataset/warnings``.
public enum DatasetLoader {
    /// CRS names accepted as WGS84 longitude/latitude.
    static let wgs84Names: Set<String> = [
        "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84",
        "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "WGS84", "WGS 84",
    ]

    public static func load(directory: String) throws -> Dataset {
        var loader = Loader(directory: directory)
        return try loader.run()
    }
}

/// One load, collecting issues as it goes.
private struct Loader {
    let directory: String
    var issues: [DatasetIssue] = []

    init(directory: String) { self.directory = directory }

    mutating func error(_ file: String, _ index: Int? = nil, _ id: String? = nil, _ message: String) {
        issues.append(DatasetIssue(.error, file: file, featureIndex: index, featureId: id, message))
    }

    mutating func warning(_ file: String, _ index: Int? = nil, _ id: String? = nil, _ message: String) {
        issues.append(DatasetIssue(.warning, file: file, featureIndex: index, featureId: id, message))
    }

    var hasErrors: Bool { issues.contains { $0.severity == .error } }
    var errorCount: Int { issues.filter { $0.severity == .error }.count }

    func failure() -> DatasetLoadError { DatasetLoadError(directory: directory, issues: issues) }

    // MARK: Manifest

    mutating func vocabulary(_ m: DatasetManifest) -> (levels: [Level], subClasses: [SubClass], types: [FunctionType]) {
        let file = DatasetManifest.fileName
        var seen = Set<String>()
        for id in m.levels.map(\.id) + (m.sub_classes ?? []).map(\.id) + (m.function_types ?? []).map(\.id) where !seen.insert(id).inserted {
            error(file, nil, id, "the id \"\(id)\" is declared twice among levels, sub-classes and function types")
        }
        var ranks = Set<Int>()
        for l in m.levels where !ranks.insert(l.rank).inserted {
            error(file, nil, l.id, "level rank \(l.rank) is used by two levels")
        }
        if m.levels.isEmpty { error(file, nil, nil, "no levels are declared") }
        let levels = m.levels.sorted { $0.rank < $1.rank }.map {
            Level(id: $0.id, rank: $0.rank, nameZh: $0.name_zh, nameEn: $0.name_en, statedCount: $0.stated_count,
                  planSentence: $0.plan_sentence, note: $0.note)
        }
        let levelIds = Set(levels.map(\.id))
        let subs = (m.sub_classes ?? []).map {
            SubClass(id: $0.id, level: $0.level, nameZh: $0.name_zh, nameEn: $0.name_en, statedCount: $0.stated_count,
                     planSentence: $0.plan_sentence, note: $0.note)
        }
        for s in subs where !levelIds.contains(s.level) {
            error(file, nil, s.id, "sub-class names unknown level \"\(s.level)\" (levels: \(levels.map(\.id).joined(separator: ", ")))")
        }
        let types = (m.function_types ?? []).map {
            FunctionType(id: $0.id, nameZh: $0.name_zh, nameEn: $0.name_en, statedCount: $0.stated_count, planSentence: $0.plan_sentence)
        }
        return (levels, subs, types)
    }

    mutating func checkCRS(_ m: DatasetManifest) {
        if let crs = m.crs, !DatasetLoader.wgs84Names.contains(crs) {
            error(DatasetManifest.fileName, nil, nil,
                  "crs \"\(crs)\" is not WGS84 longitude/latitude; TownGraph datasets store OGC:CRS84 (convert with: ogr2ogr -t_srs OGC:CRS84 out.geojson in.geojson)")
        }
    }

    // MARK: GeoJSON files

    /// Reads a FeatureCollection and returns its features, or nil after recording why not.
    mutating func readFeatures(_ file: String) -> [JSONValue]? {
        let path = (directory as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            error(file, nil, nil, "cannot read \(path): no such file")
            return nil
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            self.error(file, nil, nil, "\(error)")
            return nil
        }
        guard root["type"]?.stringValue == "FeatureCollection" else {
            error(file, nil, nil, "not a GeoJSON FeatureCollection (top-level \"type\" is \(root["type"].map { $0.stringValue.map { "\"\($0)\"" } ?? $0.kindName } ?? "missing"))")
            return nil
        }
        if let crs = root["crs"] {
            let name = crs["properties"]?["name"]?.stringValue ?? "(unnamed)"
            if DatasetLoader.wgs84Names.contains(name) {
                warning(file, nil, nil, "has a \"crs\" member (\(name)); RFC 7946 GeoJSON has none, and WGS84 is assumed")
            } else {
                error(file, nil, nil, "declares crs \(name), but TownGraph reads WGS84 longitude/latitude only (RFC 7946); convert with: ogr2ogr -t_srs OGC:CRS84 out.geojson in.geojson")
                return nil
            }
        }
        guard let features = root["features"]?.arrayValue else {
            error(file, nil, nil, "the FeatureCollection has no \"features\" array")
            return nil
        }
        return features
    }

    /// The feature's id: `properties.id`, else the feature's own `id`.
    mutating func featureId(_ f: JSONValue, _ file: String, _ index: Int) -> String? {
        guard f["type"]?.stringValue == "Feature" else {
            error(file, index, nil, "is not a GeoJSON Feature")
            return nil
        }
        if let id = f["properties"]?["id"]?.stringValue ?? f["id"]?.stringValue, !id.isEmpty { return id }
        if let n = f["id"]?.numberValue { return JSONValue.format(n) }
        error(file, index, nil, "has no id (set properties.id)")
        return nil
    }

    /// A point location: nil geometry means not located; anything else must be a valid
    /// WGS84 point.
    mutating func point(_ f: JSONValue, _ file: String, _ index: Int, _ id: String) -> (ok: Bool, location: Coordinate?) {
        guard let g = f["geometry"], !g.isNull else { return (true, nil) }
        let geometry: Geometry
        do {
            geometry = try Geometry(geoJSON: g)
        } catch {
            self.error(file, index, id, "geometry: \(error)")
            return (false, nil)
        }
        guard case let .point(c) = geometry else {
            error(file, index, id, "geometry must be a Point, found \(geometry.typeName)")
            return (false, nil)
        }
        guard checkRange(c, file, index, id) else { return (false, nil) }
        return (true, c)
    }

    mutating func checkRange(_ c: Coordinate, _ file: String, _ index: Int, _ id: String?) -> Bool {
        if !(-180...180).contains(c.lon) || !(-90...90).contains(c.lat) {
            let hint = abs(c.lon) > 1000 || abs(c.lat) > 1000 ? " (these look like projected metres: the file must be WGS84 longitude/latitude)" : ""
            error(file, index, id, "coordinate \(c.lon), \(c.lat) is out of range for longitude/latitude\(hint)")
            return false
        }
        return true
    }

    // MARK: Whole load

    mutating func run() throws -> Dataset {
        let m = try DatasetManifest.read(directory: directory)
        checkCRS(m)
        let vocab = vocabulary(m)
        let attributes = (m.attributes ?? []).map {
            SettlementAttribute(id: $0.id, nameZh: $0.name_zh, nameEn: $0.name_en, unit: $0.unit, planSentence: $0.plan_sentence)
        }
        let counties = readCounties(m.layers.counties)
        let (settlements, constituents, externals) = readSettlements(m.layers.settlements, vocab, counties, attributes)
        let placeIds = Set(settlements.map(\.id) + constituents.map(\.id) + externals.map(\.id))
        for c in counties where placeIds.contains(c.id) {
            error(m.layers.counties ?? "", c.featureIndex, c.id, "id \"\(c.id)\" is also a settlement id; ids must be unique across layers so exports stay unambiguous")
        }
        if hasErrors { throw failure() }

        checkCounts(m.layers.settlements, settlements, vocab)
        if hasErrors { throw failure() }

        populationWarnings(m.layers.settlements, settlements, vocab.levels)
        countyWarnings(m.layers.settlements, settlements, constituents, counties)
        for s in settlements where !s.isLocated {
            warning(m.layers.settlements, s.featureIndex, s.id, "\(s.nameZh) is not located (no coordinate in the sources); it is listed but left out of spatial analyses")
        }

        let metric = resolveMetricCRS(m, settlements)
        let network = networkSpec(m)
        if hasErrors { throw failure() }
        let probe = Dataset(
            name: m.name, title: m.title, region: m.region, directory: directory, plan: PlanReference(title: "", titleNote: nil, baseYear: nil, startYear: nil, endYear: nil, seed: nil, sentences: [:]),
            crs: "", metricCRS: metric, levels: vocab.levels, subClasses: vocab.subClasses, functionTypes: vocab.types,
            attributes: attributes, settlements: settlements, constituents: constituents, externalPlaces: externals, counties: counties, network: network, targets: [], serviceTargets: [], layout: nil, warnings: [])
        let targets = readTargets(m, probe)
        let layout = readLayout(m, probe)
        var serviceTargets: [ExpresswayServiceTarget] = []
        for t in m.service_targets ?? [] {
            guard let status = TravelTimeTarget.Status(rawValue: t.status) else {
                error(DatasetManifest.fileName, nil, t.id, "target status \"\(t.status)\" is unknown (binding or indicative)"); continue
            }
            guard t.min_expressways > 0, (t.within_km ?? 0) >= 0 else {
                error(DatasetManifest.fileName, nil, t.id, "min_expressways must be positive and within_km not negative"); continue
            }
            if counties.isEmpty { error(DatasetManifest.fileName, nil, t.id, "a service target needs county polygons"); continue }
            serviceTargets.append(ExpresswayServiceTarget(id: t.id, planSentence: t.plan_sentence, planSection: t.plan_section,
                                                          minimumRoutes: t.min_expressways, withinKm: t.within_km ?? 0, status: status, note: t.note))
        }
        if hasErrors { throw failure() }

        let plan = PlanReference(
            title: m.plan.title, titleNote: m.plan.title_note, baseYear: m.plan.base_year,
            startYear: m.plan.start_year, endYear: m.plan.end_year, seed: m.plan.seed,
            sentences: [
                "structure": m.structure_sentence, "function_types": m.function_types_sentence,
                "period": m.plan.period_sentence, "targets_status": m.plan.targets_status_sentence,
            ].compactMapValues { $0 })
        return Dataset(
            name: m.name, title: m.title, region: m.region, directory: directory, plan: plan,
            crs: m.crs ?? "OGC:CRS84", metricCRS: metric, levels: vocab.levels, subClasses: vocab.subClasses,
            functionTypes: vocab.types, attributes: attributes, settlements: settlements, constituents: constituents,
            externalPlaces: externals, counties: counties,
            network: network, targets: targets, serviceTargets: serviceTargets, layout: layout, warnings: issues.filter { $0.severity == .warning })
    }

    mutating func resolveMetricCRS(_ m: DatasetManifest, _ settlements: [Settlement]) -> String {
        let located = settlements.compactMap(\.location)
        let centre = located.isEmpty ? Coordinate(x: 0, y: 0)
            : Coordinate(x: located.map(\.x).reduce(0, +) / Double(located.count), y: located.map(\.y).reduce(0, +) / Double(located.count))
        let crs = m.metric_crs ?? MetricCRS.suggested(for: centre)
        do {
            let info = try CoordinateReferenceSystem(crs)
            if info.isGeographic {
                error(DatasetManifest.fileName, nil, nil, "metric_crs \(crs) (\(info.name)) is geographic; it must be a projected CRS in metres, such as \(MetricCRS.suggested(for: centre))")
            }
        } catch {
            self.error(DatasetManifest.fileName, nil, nil, "metric_crs \"\(crs)\" is not a known CRS: \(error)")
        }
        return crs
    }

    // MARK: Network and targets

    mutating func networkSpec(_ m: DatasetManifest) -> NetworkSpec? {
        guard let n = m.network else { return nil }
        let file = DatasetManifest.fileName
        var classes: [RoadClass] = []
        var ids = Set<String>()
        for c in n.classes {
            if !ids.insert(c.id).inserted { error(file, nil, c.id, "road class \"\(c.id)\" is declared twice") }
            if !(c.speed_kmh.isFinite && c.speed_kmh > 0) { error(file, nil, c.id, "road class speed_kmh must be positive, found \(c.speed_kmh)") }
            var mode = TransportMode.road
            if let m = c.mode {
                if let known = TransportMode(rawValue: m) { mode = known } else {
                    error(file, nil, c.id, "road class mode must be road or rail, found \"\(m)\"")
                }
            }
            if mode == .rail && (c.controlled_access == false || c.attachable == true) {
                error(file, nil, c.id, "a rail class is controlled access and not attachable: it is boarded at its stations (interchange features)")
            }
            let controlled = mode == .rail || (c.controlled_access ?? false)
            classes.append(RoadClass(id: c.id, nameZh: c.name_zh, nameEn: c.name_en, speedKmh: c.speed_kmh,
                                     controlledAccess: controlled, attachable: mode == .road && (c.attachable ?? !controlled), mode: mode))
        }
        var options = NetworkOptions()
        func positive(_ v: Double?, _ key: String, allowZero: Bool = false) -> Double? {
            guard let v else { return nil }
            if !(v.isFinite && (allowZero ? v >= 0 : v > 0)) { error(file, nil, nil, "network.\(key) must be a \(allowZero ? "non-negative" : "positive") number, found \(v)"); return nil }
            return v
        }
        if let v = positive(n.snap_tolerance_m, "snap_tolerance_m", allowZero: true) { options.snapToleranceMetres = v }
        if let v = positive(n.interchange_tolerance_m, "interchange_tolerance_m", allowZero: true) { options.interchangeToleranceMetres = v }
        if let v = positive(n.access_speed_kmh, "access_speed_kmh") { options.accessSpeedKmh = v }
        if let v = positive(n.max_attach_m, "max_attach_m", allowZero: true) { options.maxAttachMetres = v }
        if let v = positive(n.ramp_speed_kmh, "ramp_speed_kmh") { options.rampSpeedKmh = v }
        var path = ""
        if let name = n.file {
            path = (directory as NSString).appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: path) { error(file, nil, nil, "network.file \(name) does not exist in the dataset folder") }
        }
        return NetworkSpec(file: path, description: n.description, classes: classes, options: options)
    }

    mutating func readTargets(_ m: DatasetManifest, _ dataset: Dataset) -> [TravelTimeTarget] {
        let file = DatasetManifest.fileName
        var out: [TravelTimeTarget] = []
        var ids = Set<String>()
        for t in m.targets ?? [] {
            if !ids.insert(t.id).inserted { error(file, nil, t.id, "target id \"\(t.id)\" is used twice"); continue }
            guard let relation = TravelTimeTarget.Relation(rawValue: t.relation) else {
                error(file, nil, t.id, "target relation \"\(t.relation)\" is unknown (\(TravelTimeTarget.Relation.allCases.map(\.rawValue).joined(separator: ", ")))"); continue
            }
            guard let status = TravelTimeTarget.Status(rawValue: t.status) else {
                error(file, nil, t.id, "target status \"\(t.status)\" is unknown (binding or indicative)"); continue
            }
            guard t.minutes.isFinite, t.minutes > 0 else { error(file, nil, t.id, "target minutes must be positive, found \(t.minutes)"); continue }
            if (relation == .eachToEach || relation == .nearest) && t.destinations == nil { error(file, nil, t.id, "a \(relation.rawValue) target needs destinations"); continue }
            if relation == .adjacentPairs && dataset.counties.isEmpty { error(file, nil, t.id, "an adjacent-pairs target needs county polygons (layers.counties)"); continue }
            var ok = true
            func selection(_ entries: [DatasetManifest.PlaceSelectionEntry], _ role: String) -> PlaceSelection {
                var parts: [PlaceSelection.Part] = []
                for (i, e) in entries.enumerated() {
                    guard let layer = PlaceSelection.Layer(rawValue: e.layer ?? "settlements") else {
                        error(file, nil, t.id, "\(role)[\(i)]: unknown layer \"\(e.layer ?? "")\" (settlements, constituents or interchanges)"); ok = false; continue
                    }
                    var criteria: [Selection.Criterion] = []
                    if let v = e.id { criteria.append(.id(v)) }
                    if let v = e.level { criteria.append(.level(v)) }
                    if let v = e.function_type { criteria.append(.functionType(v)) }
                    if let v = e.sub_class { criteria.append(.subClass(v)) }
                    if let v = e.county { criteria.append(.county(v)) }
                    if let v = e.kind { criteria.append(.kind(v)) }
                    if layer != .settlements && (e.level ?? e.function_type ?? e.sub_class ?? e.county) != nil {
                        error(file, nil, t.id, "\(role)[\(i)]: the \(layer.rawValue) layer takes only id and kind filters"); ok = false
                    }
                    let part = PlaceSelection.Part(layer: layer, criteria: layer == .settlements ? criteria : [], ids: e.id ?? [], kinds: e.kind ?? [])
                    if layer != .interchanges {
                        do {
                            let found = try PlaceSelection([part]).places(in: dataset, network: nil, scenario: nil)
                            if found.isEmpty { error(file, nil, t.id, "\(role)[\(i)] selects nothing"); ok = false }
                        } catch {
                            self.error(file, nil, t.id, "\(role)[\(i)]: \(error)"); ok = false
                        }
                    }
                    parts.append(part)
                }
                return PlaceSelection(parts)
            }
            let origins = selection(t.origins, "origins")
            let destinations = t.destinations.map { selection($0, "destinations") }
            guard ok else { continue }
            out.append(TravelTimeTarget(id: t.id, planSentence: t.plan_sentence, planSection: t.plan_section, relation: relation,
                                        origins: origins, destinations: destinations, minutes: t.minutes, status: status, note: t.note))
        }
        return out
    }

    mutating func readLayout(_ m: DatasetManifest, _ dataset: Dataset) -> SpatialLayout? {
        guard let l = m.layout else { return nil }
        let file = DatasetManifest.fileName
        var elements: [LayoutElement] = []
        let places = Dictionary(dataset.places.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for e in l.elements {
            guard let kind = LayoutElement.Kind(rawValue: e.kind) else {
                error(file, nil, e.id, "layout element kind \"\(e.kind)\" is unknown (area or axis)"); continue
            }
            var members: [Place] = []
            for id in e.members {
                guard let p = places[id] else { error(file, nil, e.id, "layout member \"\(id)\" is not a settlement or constituent"); continue }
                guard p.location != nil else { error(file, nil, e.id, "layout member \"\(id)\" is not located"); continue }
                members.append(p)
            }
            if kind == .axis && e.members.count < 2 { error(file, nil, e.id, "an axis needs at least two members") }
            elements.append(LayoutElement(id: e.id, nameZh: e.name_zh, kind: kind, members: members, planSentence: e.plan_sentence, note: e.note))
        }
        let buffer = l.buffer_km ?? 5
        if !(buffer.isFinite && buffer >= 0) { error(file, nil, nil, "layout.buffer_km must be a non-negative number") }
        return SpatialLayout(bufferKm: buffer, patternSentence: l.pattern_sentence, elements: elements)
    }

    // MARK: Counties

    mutating func readCounties(_ file: String?) -> [County] {
        guard let file else { return [] }
        guard let features = readFeatures(file) else { return [] }
        var result: [County] = []
        var ids = Set<String>()
        let context: GEOSContext
        do { context = try GEOSContext() } catch {
            self.error(file, nil, nil, "\(error)")
            return []
        }
        for (index, f) in features.enumerated() {
            guard let id = featureId(f, file, index) else { continue }
            if !ids.insert(id).inserted { error(file, index, id, "duplicate id \"\(id)\""); continue }
            let p = f["properties"]
            guard let nameZh = p?["name_zh"]?.stringValue else { error(file, index, id, "has no name_zh"); continue }
            guard let g = f["geometry"], !g.isNull else { error(file, index, id, "has no geometry; a county needs its boundary polygon"); continue }
            let geometry: Geometry
            do { geometry = try Geometry(geoJSON: g) } catch {
                self.error(file, index, id, "geometry: \(error)"); continue
            }
            switch geometry {
            case .polygon, .multiPolygon: break
            default: error(file, index, id, "geometry must be a Polygon or MultiPolygon, found \(geometry.typeName)"); continue
            }
            var inRange = true
            for c in geometry.allCoordinates where !checkRange(c, file, index, id) { inRange = false; break }
            guard inRange else { continue }
            do {
                let g = try GEOSGeometry(geometry, in: context)
                if try !g.isValid {
                    error(file, index, id, "invalid polygon: \(try g.validityReason())")
                    continue
                }
            } catch {
                self.error(file, index, id, "geometry: \(error)"); continue
            }
            result.append(County(
                id: id, nameZh: nameZh, namePinyin: p?["name_pinyin"]?.stringValue ?? "", kind: p?["kind"]?.stringValue ?? "county",
                adcode: p?["adcode"]?.stringValue, source: p?["source"]?.stringValue, boundary: geometry, featureIndex: index))
        }
        return result
    }

    // MARK: Settlements

    mutating func readSettlements(_ file: String, _ vocab: (levels: [Level], subClasses: [SubClass], types: [FunctionType]),
                                  _ counties: [County], _ declared: [SettlementAttribute]) -> ([Settlement], [ConstituentUnit], [ExternalPlace]) {
        guard let features = readFeatures(file) else { return ([], [], []) }
        var externals: [ExternalPlace] = []
        var units: [Settlement] = []
        var parts: [ConstituentUnit] = []
        var ids = Set<String>()
        let countyIds = Set(counties.map(\.id))
        let checkCounties = !counties.isEmpty

        func list(_ items: [String]) -> String { items.joined(separator: ", ") }

        for (index, f) in features.enumerated() {
            guard let id = featureId(f, file, index) else { continue }
            if !ids.insert(id).inserted { error(file, index, id, "duplicate id \"\(id)\""); continue }
            let p = f["properties"] ?? .object([])
            func string(_ key: String) -> String? { p[key]?.stringValue }
            let errorsBefore = errorCount
            guard let nameZh = string("name_zh"), !nameZh.isEmpty else { error(file, index, id, "has no name_zh"); continue }
            // A place whose county-level unit the plan does not give may leave it out (a warning);
            // naming a unit that does not exist is an error.
            let county = string("county") ?? ""
            if checkCounties, !county.isEmpty, !countyIds.contains(county) {
                error(file, index, id, "names unknown county \"\(county)\" (counties: \(list(counties.map(\.id))))")
            } else if checkCounties, county.isEmpty, string("role") != "external" {
                warning(file, index, id, "\(string("name_zh") ?? id) has no county-level unit")
            }
            let (pointOK, location) = point(f, file, index, id)
            let quality = string("coord_quality") ?? (location == nil ? "none" : "unknown")
            let role = string("role") ?? "planning-unit"
            switch role {
            case "external":
                guard pointOK, errorCount == errorsBefore else { continue }
                guard let location else { error(file, index, id, "an external place needs its point"); continue }
                externals.append(ExternalPlace(id: id, nameZh: nameZh, namePinyin: string("name_pinyin") ?? "", kind: string("kind") ?? "place",
                                               location: location, coordinateSource: string("coord_source"), note: string("note"), featureIndex: index))
            case "constituent":
                guard let partOf = string("part_of") else { error(file, index, id, "a constituent needs part_of"); continue }
                guard pointOK, errorCount == errorsBefore else { continue }
                parts.append(ConstituentUnit(
                    id: id, nameZh: nameZh, namePinyin: string("name_pinyin") ?? "", kind: string("kind") ?? "town",
                    partOf: partOf, county: county, statsCode: string("stats_code_2023"), location: location,
                    coordinateSource: string("coord_source"), coordinateQuality: quality, coordinateNote: string("coord_note"),
                    planSentence: string("plan_sentence"), featureIndex: index))
            case "planning-unit":
                let levelId = string("level") ?? ""
                let level = vocab.levels.first { $0.id == levelId }
                if level == nil {
                    error(file, index, id, levelId.isEmpty ? "has no level" : "unknown level \"\(levelId)\" (levels: \(list(vocab.levels.map(\.id))))")
                }
                // Function types are required when the dataset declares a type system, and
                // must be absent when it declares none.
                let typeId = string("function_type") ?? ""
                let type = vocab.types.first { $0.id == typeId }
                var typeOK = true
                if vocab.types.isEmpty {
                    if !typeId.isEmpty { error(file, index, id, "has function_type \"\(typeId)\", but the dataset declares no function types"); typeOK = false }
                } else if type == nil {
                    error(file, index, id, typeId.isEmpty ? "has no function_type" : "unknown function type \"\(typeId)\" (function types: \(list(vocab.types.map(\.id))))")
                    typeOK = false
                }
                var sub: SubClass?
                if let subId = string("sub_class") {
                    sub = vocab.subClasses.first { $0.id == subId }
                    if sub == nil {
                        error(file, index, id, "unknown sub-class \"\(subId)\" (sub-classes: \(list(vocab.subClasses.map(\.id))))")
                    } else if let level, sub!.level != level.id {
                        error(file, index, id, "sub-class \"\(subId)\" belongs to level \"\(sub!.level)\", not \"\(level.id)\"")
                    }
                }
                let band = populationBand(p, file, index, id)
                var contains: [String] = []
                if let c = p["contains"], !c.isNull {
                    if let items = c.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
                        contains = items.compactMap(\.stringValue)
                    } else {
                        error(file, index, id, "contains must be a list of constituent ids")
                    }
                }
                var roles: [String] = []
                if let r = p["roles"], !r.isNull {
                    if let items = r.arrayValue, items.allSatisfy({ $0.stringValue != nil }) { roles = items.compactMap(\.stringValue) }
                    else { error(file, index, id, "roles must be a list of texts") }
                }
                var values: [String: AttributeValue] = [:]
                for a in declared {
                    switch p[a.id] {
                    case nil, .null?: break
                    case let .number(n)?:
                        if n.isFinite { values[a.id] = .number(n) } else { error(file, index, id, "\(a.id) is not a finite number") }
                    case let .string(t)?: values[a.id] = .text(t)
                    case let other?: error(file, index, id, "\(a.id) must be a number or a text, found \(other.kindName)")
                    }
                }
                guard let level, typeOK, pointOK, errorCount == errorsBefore else { continue }
                units.append(Settlement(
                    id: id, nameZh: nameZh, namePinyin: string("name_pinyin") ?? "", kind: string("kind") ?? "town",
                    level: level, subClass: sub, functionType: type, population: band, county: county,
                    statsCode: string("stats_code_2023"), constituents: contains, roles: roles, attributes: values, location: location,
                    coordinateSource: string("coord_source"), coordinateQuality: quality, coordinateNote: string("coord_note"),
                    featureIndex: index))
            default:
                error(file, index, id, "unknown role \"\(role)\" (planning-unit, constituent or external)")
            }
        }

        // Containment must agree both ways.
        let partsById = Dictionary(parts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let unitsById = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for u in units {
            for c in u.constituents {
                guard let part = partsById[c] else {
                    error(file, u.featureIndex, u.id, "contains \"\(c)\", but no constituent feature has that id")
                    continue
                }
                if part.partOf != u.id {
                    error(file, u.featureIndex, u.id, "contains \"\(c)\", but that constituent is part_of \"\(part.partOf)\"")
                }
            }
        }
        for part in parts {
            guard let parent = unitsById[part.partOf] else {
                error(file, part.featureIndex, part.id, "part_of \"\(part.partOf)\" is not a planning unit")
                continue
            }
            if !parent.constituents.contains(part.id) {
                error(file, part.featureIndex, part.id, "is part_of \"\(parent.id)\", which does not list it in contains")
            }
        }
        return (units, parts, externals)
    }

    mutating func populationBand(_ p: JSONValue, _ file: String, _ index: Int, _ id: String) -> PopulationBand? {
        func number(_ key: String) -> (Bool, Int?) {
            guard let v = p[key], !v.isNull else { return (true, nil) }
            guard let n = v.numberValue, n.isFinite, n >= 0, n == n.rounded() else {
                error(file, index, id, "\(key) must be a whole number of persons or null")
                return (false, nil)
            }
            return (true, Int(n))
        }
        let (okMin, lo) = number("population_min")
        let (okMax, hi) = number("population_max")
        guard okMin, okMax else { return nil }
        if let lo, let hi, lo > hi {
            error(file, index, id, "population_min \(lo) is greater than population_max \(hi)")
            return nil
        }
        let stated = p["population_band"]?.stringValue
        if lo == nil, hi == nil, stated == nil { return nil }
        return PopulationBand(minimum: lo, maximum: hi, stated: stated ?? "")
    }

    // MARK: Counts against the plan

    mutating func checkCounts(_ file: String, _ units: [Settlement], _ vocab: (levels: [Level], subClasses: [SubClass], types: [FunctionType])) {
        func compare(_ what: String, _ name: String, _ stated: Int?, _ found: [Settlement]) {
            guard let stated, stated != found.count else { return }
            error(file, nil, nil, "the plan states \(stated) \(what) \(name), the file has \(found.count)\(found.isEmpty ? "" : ": " + found.map(\.nameZh).joined(separator: "、"))")
        }
        for l in vocab.levels { compare("units at level", "\(l.nameZh) (\(l.id))", l.statedCount, units.filter { $0.level.id == l.id }) }
        for s in vocab.subClasses { compare("units of sub-class", "\(s.nameZh) (\(s.id))", s.statedCount, units.filter { $0.subClass?.id == s.id }) }
        for t in vocab.types { compare("units of function type", "\(t.nameZh) (\(t.id))", t.statedCount, units.filter { $0.functionType?.id == t.id }) }
    }

    // MARK: Soft findings

    /// Warns where a unit's population band is out of step with the hierarchy: as large as
    /// the usual band one level up, or as small as the usual band one level down.
    mutating func populationWarnings(_ file: String, _ units: [Settlement], _ levels: [Level]) {
        func modal(_ level: Level) -> PopulationBand? {
            let bands = units.filter { $0.level.id == level.id }.compactMap(\.population)
            let counts = Dictionary(bands.map { ($0, 1) }, uniquingKeysWith: +)
            return counts.max { a, b in a.value == b.value ? (a.key.midpoint ?? 0) > (b.key.midpoint ?? 0) : a.value < b.value }?.key
        }
        let usual = levels.map(modal)
        for u in units {
            guard let band = u.population, let mid = band.midpoint,
                  let i = levels.firstIndex(where: { $0.id == u.level.id }) else { continue }
            if i > 0, let up = usual[i - 1], let upMid = up.midpoint, mid >= upMid {
                warning(file, u.featureIndex, u.id,
                        "\(u.nameZh), a \(u.level.nameEn) (\(u.level.nameZh)), has population band \(band.stated), as large as the usual band of the level above (\(levels[i - 1].nameZh): \(up.stated))")
            }
            if i + 1 < levels.count, let down = usual[i + 1], let downMid = down.midpoint, mid <= downMid {
                warning(file, u.featureIndex, u.id,
                        "\(u.nameZh), a \(u.level.nameEn) (\(u.level.nameZh)), has population band \(band.stated), no larger than the usual band of the level below (\(levels[i + 1].nameZh): \(down.stated))")
            }
        }
    }

    /// Warns where a point lies outside the county polygon its feature names.
    mutating func countyWarnings(_ file: String, _ units: [Settlement], _ parts: [ConstituentUnit], _ counties: [County]) {
        guard !counties.isEmpty, let context = try? GEOSContext() else { return }
        var prepared: [String: PreparedGeometry] = [:]
        for c in counties {
            if let g = try? GEOSGeometry(c.boundary, in: context), let p = try? PreparedGeometry(g) { prepared[c.id] = p }
        }
        let places = units.map { ($0.id, $0.nameZh, $0.county, $0.location, $0.featureIndex) }
            + parts.map { ($0.id, $0.nameZh, $0.county, $0.location, $0.featureIndex) }
        for (id, name, county, location, index) in places {
            guard let location, let polygon = prepared[county] else { continue }
            if let inside = try? polygon.covers(GEOSGeometry(.point(location), in: context)), !inside {
                warning(file, index, id, "\(name) lies outside the boundary of its county \"\(county)\"")
            }
        }
    }
}
