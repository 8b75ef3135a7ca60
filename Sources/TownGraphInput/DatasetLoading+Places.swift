import Foundation
import GeoKit
import JSONKit
import TownGraphModel

/// The GeoJSON layers: counties, then settlements, constituent units and external places.
extension DatasetLoading {
    // MARK: GeoJSON files

    /// Reads a layer (GeoJSON, or any format GDAL reads) and returns its features in WGS84,
    /// or nil after recording why not. `file` is the layer's name in messages.
    mutating func readFeatures(_ file: String) -> [JSONValue]? {
        let source = layers[file] ?? (file, LayerReadOptions())
        let path =
            source.file.hasPrefix("PG:") || source.file.hasPrefix("/")
            ? source.file : (directory as NSString).appendingPathComponent(source.file)
        do {
            let collection = try FeatureCollectionFile.read(path: path, file: file, options: source.options)
            issues += collection.warnings
            return collection.features
        } catch {
            issues.append(error.issue)
            return nil
        }
    }

    /// A place's name: `name_zh` where present, else `name`, else `name_en`.
    static func name(_ p: JSONValue?) -> String? {
        for key in ["name_zh", "name", "name_en"] {
            if let s = p?[key]?.stringValue, !s.isEmpty { return s }
        }
        return nil
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
    mutating func point(_ f: JSONValue, _ file: String, _ index: Int, _ id: String) -> (ok: Bool, location: Coordinate?)
    {
        guard let g = f["geometry"], !g.isNull else { return (true, nil) }
        let geometry: Geometry
        do {
            geometry = try Geometry(geoJSON: g)
        } catch {
            self.error(file, index, id, "geometry: \(error)")
            return (false, nil)
        }
        guard case .point(let c) = geometry else {
            error(file, index, id, "geometry must be a Point, found \(geometry.typeName)")
            return (false, nil)
        }
        guard checkRange(c, file, index, id) else { return (false, nil) }
        return (true, c)
    }

    mutating func checkRange(_ c: Coordinate, _ file: String, _ index: Int, _ id: String?) -> Bool {
        guard FeatureCollectionFile.isLonLat(c) else {
            error(file, index, id, FeatureCollectionFile.rangeMessage(c))
            return false
        }
        return true
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
            if !ids.insert(id).inserted {
                error(file, index, id, "duplicate id \"\(id)\"")
                continue
            }
            let p = f["properties"]
            guard let nameZh = Self.name(p) else {
                error(file, index, id, "has no name (name_zh, or name for a region without Chinese names)")
                continue
            }
            guard let g = f["geometry"], !g.isNull else {
                error(file, index, id, "has no geometry; a county needs its boundary polygon")
                continue
            }
            let geometry: Geometry
            do { geometry = try Geometry(geoJSON: g) } catch {
                self.error(file, index, id, "geometry: \(error)")
                continue
            }
            switch geometry {
            case .polygon, .multiPolygon: break
            default:
                error(file, index, id, "geometry must be a Polygon or MultiPolygon, found \(geometry.typeName)")
                continue
            }
            guard !geometry.allCoordinates.isEmpty else {
                error(file, index, id, "the \(geometry.typeName) is empty; a county needs its boundary")
                continue
            }
            var inRange = true
            for c in geometry.allCoordinates where !checkRange(c, file, index, id) {
                inRange = false
                break
            }
            guard inRange else { continue }
            do {
                let g = try GEOSGeometry(geometry, in: context)
                if try !g.isValid {
                    error(file, index, id, "invalid polygon: \(try g.validityReason())")
                    continue
                }
            } catch {
                self.error(file, index, id, "geometry: \(error)")
                continue
            }
            result.append(
                County(
                    id: id, nameZh: nameZh, namePinyin: p?["name_pinyin"]?.stringValue ?? "",
                    kind: p?["kind"]?.stringValue ?? "county",
                    adcode: p?["adcode"]?.stringValue, source: p?["source"]?.stringValue, boundary: geometry,
                    featureIndex: index))
        }
        return result
    }

    // MARK: Settlements

    mutating func readSettlements(
        _ file: String, _ vocab: Hierarchy,
        _ counties: [County], _ declared: [SettlementAttribute]
    ) -> ([Settlement], [ConstituentUnit], [ExternalPlace]) {
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
            if !ids.insert(id).inserted {
                error(file, index, id, "duplicate id \"\(id)\"")
                continue
            }
            let p = f["properties"] ?? .object([])
            func string(_ key: String) -> String? { p[key]?.stringValue }
            let errorsBefore = errorCount
            guard let nameZh = Self.name(p) else {
                error(file, index, id, "has no name (name_zh, or name for a region without Chinese names)")
                continue
            }
            // A place whose county-level unit the plan does not give may leave it out (a warning);
            // naming a unit that does not exist is an error.
            let county = string("county") ?? ""
            if checkCounties, !county.isEmpty, !countyIds.contains(county) {
                error(file, index, id, "names unknown county \"\(county)\" (counties: \(list(counties.map(\.id))))")
            } else if checkCounties, county.isEmpty, string("role") != "external" {
                warning(file, index, id, "\(nameZh) has no county-level unit")
            }
            let (pointOK, location) = point(f, file, index, id)
            let quality = string("coord_quality") ?? (location == nil ? "none" : "unknown")
            let role = string("role") ?? "planning-unit"
            switch role {
            case "external":
                guard pointOK, errorCount == errorsBefore else { continue }
                guard let location else {
                    error(file, index, id, "an external place needs its point")
                    continue
                }
                externals.append(
                    ExternalPlace(
                        id: id, nameZh: nameZh, namePinyin: string("name_pinyin") ?? "",
                        kind: string("kind") ?? "place",
                        location: location, coordinateSource: string("coord_source"), note: string("note"),
                        featureIndex: index))
            case "constituent":
                guard let partOf = string("part_of") else {
                    error(file, index, id, "a constituent needs part_of")
                    continue
                }
                guard pointOK, errorCount == errorsBefore else { continue }
                parts.append(
                    ConstituentUnit(
                        id: id, nameZh: nameZh, namePinyin: string("name_pinyin") ?? "", kind: string("kind") ?? "town",
                        partOf: partOf, county: county, statsCode: string("stats_code_2023"), location: location,
                        coordinateSource: string("coord_source"), coordinateQuality: quality,
                        coordinateNote: string("coord_note"),
                        planSentence: string("plan_sentence"), featureIndex: index))
            case "planning-unit":
                let levelId = string("level") ?? ""
                let level = vocab.levels.first { $0.id == levelId }
                if level == nil {
                    error(
                        file, index, id,
                        levelId.isEmpty
                            ? "has no level" : "unknown level \"\(levelId)\" (levels: \(list(vocab.levels.map(\.id))))")
                }
                // Function types are required when the dataset declares a type system, and
                // must be absent when it declares none.
                let typeId = string("function_type") ?? ""
                let type = vocab.functionTypes.first { $0.id == typeId }
                var typeOK = true
                if vocab.functionTypes.isEmpty {
                    if !typeId.isEmpty {
                        error(
                            file, index, id,
                            "has function_type \"\(typeId)\", but the dataset declares no function types")
                        typeOK = false
                    }
                } else if type == nil {
                    error(
                        file, index, id,
                        typeId.isEmpty
                            ? "has no function_type"
                            : "unknown function type \"\(typeId)\" (function types: \(list(vocab.functionTypes.map(\.id))))"
                    )
                    typeOK = false
                }
                var sub: SubClass?
                if let subId = string("sub_class") {
                    sub = vocab.subClasses.first { $0.id == subId }
                    if sub == nil {
                        error(
                            file, index, id,
                            "unknown sub-class \"\(subId)\" (sub-classes: \(list(vocab.subClasses.map(\.id))))")
                    } else if let level, sub!.level != level.id {
                        error(
                            file, index, id,
                            "sub-class \"\(subId)\" belongs to level \"\(sub!.level)\", not \"\(level.id)\"")
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
                    if let items = r.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
                        roles = items.compactMap(\.stringValue)
                    } else {
                        error(file, index, id, "roles must be a list of texts")
                    }
                }
                var values: [String: AttributeValue] = [:]
                for a in declared {
                    switch p[a.id] {
                    case nil, .null?: break
                    case .number(let n)?:
                        if n.isFinite {
                            values[a.id] = .number(n)
                        } else {
                            error(file, index, id, "\(a.id) is not a finite number")
                        }
                    case .string(let t)?: values[a.id] = .text(t)
                    case let other?:
                        error(file, index, id, "\(a.id) must be a number or a text, found \(other.kindName)")
                    }
                }
                guard let level, typeOK, pointOK, errorCount == errorsBefore else { continue }
                units.append(
                    Settlement(
                        id: id, nameZh: nameZh, namePinyin: string("name_pinyin") ?? "", kind: string("kind") ?? "town",
                        level: level, subClass: sub, functionType: type, population: band, county: county,
                        statsCode: string("stats_code_2023"), constituents: contains, roles: roles, attributes: values,
                        location: location,
                        coordinateSource: string("coord_source"), coordinateQuality: quality,
                        coordinateNote: string("coord_note"),
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
                    error(
                        file, u.featureIndex, u.id,
                        "contains \"\(c)\", but that constituent is part_of \"\(part.partOf)\"")
                }
            }
        }
        for part in parts {
            guard let parent = unitsById[part.partOf] else {
                error(file, part.featureIndex, part.id, "part_of \"\(part.partOf)\" is not a planning unit")
                continue
            }
            if !parent.constituents.contains(part.id) {
                error(
                    file, part.featureIndex, part.id, "is part_of \"\(parent.id)\", which does not list it in contains")
            }
        }
        return (units, parts, externals)
    }

    mutating func populationBand(_ p: JSONValue, _ file: String, _ index: Int, _ id: String) -> PopulationBand? {
        func number(_ key: String) -> (Bool, Int?) {
            guard let v = p[key], !v.isNull else { return (true, nil) }
            // Checked before any conversion: a number past Int's range must not trap.
            guard let n = v.numberValue, n.isFinite, n >= 0, n == n.rounded(), n <= PopulationBand.largest else {
                error(
                    file, index, id,
                    "\(key) must be a whole number of persons from 0 to \(Int(PopulationBand.largest)), or null; "
                        + "found \(v.numberValue.map { JSONValue.format($0) } ?? v.kindName)")
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
}
