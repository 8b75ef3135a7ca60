import Foundation
import GeoKit
import JSONKit
import TownGraphModel

/// The hierarchy the manifest declares, checked against the settlements.
extension DatasetLoading {
    // MARK: Manifest

    mutating func readHierarchy(_ m: DatasetManifest) -> Hierarchy {
        let file = DatasetManifest.fileName
        var seen = Set<String>()
        for id in m.levels.map(\.id) + (m.sub_classes ?? []).map(\.id) + (m.function_types ?? []).map(\.id)
        where !seen.insert(id).inserted {
            error(file, nil, id, "the id \"\(id)\" is declared twice among levels, sub-classes and function types")
        }
        var ranks = Set<Int>()
        for l in m.levels where !ranks.insert(l.rank).inserted {
            error(file, nil, l.id, "level rank \(l.rank) is used by two levels")
        }
        if m.levels.isEmpty { error(file, nil, nil, "no levels are declared") }
        let levels = m.levels.sorted { $0.rank < $1.rank }.map {
            Level(
                id: $0.id, rank: $0.rank, nameZh: $0.primaryName, nameEn: $0.secondaryName,
                statedCount: $0.stated_count,
                planSentence: $0.plan_sentence, note: $0.note)
        }
        let levelIds = Set(levels.map(\.id))
        let subs = (m.sub_classes ?? []).map {
            SubClass(
                id: $0.id, level: $0.level, nameZh: $0.primaryName, nameEn: $0.secondaryName,
                statedCount: $0.stated_count,
                planSentence: $0.plan_sentence, note: $0.note)
        }
        for s in subs where !levelIds.contains(s.level) {
            error(
                file, nil, s.id,
                "sub-class names unknown level \"\(s.level)\" (levels: \(levels.map(\.id).joined(separator: ", ")))")
        }
        let types = (m.function_types ?? []).map {
            FunctionType(
                id: $0.id, nameZh: $0.primaryName, nameEn: $0.secondaryName, statedCount: $0.stated_count,
                planSentence: $0.plan_sentence)
        }
        return Hierarchy(levels: levels, subClasses: subs, functionTypes: types)
    }

    /// The dataset's `crs` (the CRS of layers that declare none, as a layer's own `crs` key
    /// is) and each layer's must be a coordinate reference system PROJ knows.
    mutating func checkCRS(_ m: DatasetManifest) {
        let named =
            [("crs", m.crs), ("layers.settlements.crs", m.layers.settlementsEntry.crs)]
            + [("layers.counties.crs", m.layers.countiesEntry?.crs)]
        for (key, crs) in named {
            guard let crs, !FeatureCollectionFile.wgs84Names.contains(crs) else { continue }
            do {
                let info = try CoordinateReferenceSystem(crs)
                if info.kind == .geocentric || info.kind == .other {
                    error(
                        DatasetManifest.fileName, nil, nil,
                        "\(key) \(crs) (\(info.name)) is not a geographic or projected CRS of map coordinates")
                }
            } catch let failure {
                error(DatasetManifest.fileName, nil, nil, "\(key) \"\(crs)\" is not a CRS PROJ knows: \(failure)")
            }
        }
    }

    // MARK: Counts against the plan

    mutating func checkCounts(_ file: String, _ units: [Settlement], _ vocab: Hierarchy) {
        func compare(_ what: String, _ name: String, _ stated: Int?, _ found: [Settlement]) {
            guard let stated, stated != found.count else { return }
            error(
                file, nil, nil,
                "the plan states \(stated) \(what) \(name), the file has \(found.count)\(found.isEmpty ? "" : ": " + found.map(\.nameZh).joined(separator: "、"))"
            )
        }
        for l in vocab.levels {
            compare("units at level", "\(l.nameZh) (\(l.id))", l.statedCount, units.filter { $0.level.id == l.id })
        }
        for s in vocab.subClasses {
            compare(
                "units of sub-class", "\(s.nameZh) (\(s.id))", s.statedCount, units.filter { $0.subClass?.id == s.id })
        }
        for t in vocab.functionTypes {
            compare(
                "units of function type", "\(t.nameZh) (\(t.id))", t.statedCount,
                units.filter { $0.functionType?.id == t.id })
        }
    }

    // MARK: Soft findings

    /// Warns where a unit's population band is out of step with the hierarchy: as large as
    /// the usual band one level up, or as small as the usual band one level down.
    mutating func populationWarnings(_ file: String, _ units: [Settlement], _ levels: [Level]) {
        func modal(_ level: Level) -> PopulationBand? {
            let bands = units.filter { $0.level.id == level.id }.compactMap(\.population)
            let counts = Dictionary(bands.map { ($0, 1) }, uniquingKeysWith: +)
            return counts.max { a, b in
                a.value == b.value ? (a.key.midpoint ?? 0) > (b.key.midpoint ?? 0) : a.value < b.value
            }?.key
        }
        let usual = levels.map(modal)
        for u in units {
            guard let band = u.population, let mid = band.midpoint,
                let i = levels.firstIndex(where: { $0.id == u.level.id })
            else { continue }
            if i > 0, let up = usual[i - 1], let upMid = up.midpoint, mid >= upMid {
                warning(
                    file, u.featureIndex, u.id,
                    "\(u.nameZh), a \(u.level.nameEn) (\(u.level.nameZh)), has population band \(band.stated), as large as the usual band of the level above (\(levels[i - 1].nameZh): \(up.stated))"
                )
            }
            if i + 1 < levels.count, let down = usual[i + 1], let downMid = down.midpoint, mid <= downMid {
                warning(
                    file, u.featureIndex, u.id,
                    "\(u.nameZh), a \(u.level.nameEn) (\(u.level.nameZh)), has population band \(band.stated), no larger than the usual band of the level below (\(levels[i + 1].nameZh): \(down.stated))"
                )
            }
        }
    }

    /// Warns where a point lies outside the county polygon its feature names.
    mutating func countyWarnings(
        _ file: String, _ units: [Settlement], _ parts: [ConstituentUnit], _ counties: [County]
    ) {
        guard !counties.isEmpty, let context = try? GEOSContext() else { return }
        var prepared: [String: PreparedGeometry] = [:]
        for c in counties {
            if let g = try? GEOSGeometry(c.boundary, in: context), let p = try? PreparedGeometry(g) {
                prepared[c.id] = p
            }
        }
        let places =
            units.map { ($0.id, $0.nameZh, $0.county, $0.location, $0.featureIndex) }
            + parts.map { ($0.id, $0.nameZh, $0.county, $0.location, $0.featureIndex) }
        for (id, name, county, location, index) in places {
            guard let location, let polygon = prepared[county] else { continue }
            if let inside = try? polygon.covers(GEOSGeometry(.point(location), in: context)), !inside {
                warning(file, index, id, "\(name) lies outside the boundary of its county \"\(county)\"")
            }
        }
    }

    /// Points far from all the others: an error where swapping longitude and latitude
    /// would bring the point among them, a warning where it is simply far.
    mutating func distanceFindings(_ file: String, _ places: [(id: String, index: Int, location: Coordinate)]) {
        guard places.count >= 3 else { return }
        let lons = places.map(\.location.lon).sorted()
        let lats = places.map(\.location.lat).sorted()
        let centre = Coordinate(lon: lons[lons.count / 2], lat: lats[lats.count / 2])
        for p in places {
            let d = p.location.greatCircleKm(to: centre)
            guard d > 1000 else { continue }
            let swapped = Coordinate(lon: p.location.lat, lat: p.location.lon)
            if abs(swapped.lat) <= 90, swapped.greatCircleKm(to: centre) < 300 {
                error(
                    file, p.index, p.id,
                    String(
                        format: "coordinates look swapped: %@, %@ lies %.0f km from the dataset's other places, ",
                        JSONValue.format(p.location.lon), JSONValue.format(p.location.lat), d)
                        + "and \(JSONValue.format(swapped.lon)), \(JSONValue.format(swapped.lat)) would lie among them "
                        + "(GeoJSON gives longitude first)")
            } else if d > 2000 {
                warning(
                    file, p.index, p.id,
                    String(format: "lies %.0f km from the dataset's other places: check its coordinates", d))
            }
        }
    }
}
