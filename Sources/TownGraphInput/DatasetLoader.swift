import Foundation
import GeoKit
import JSONKit
import TownGraphModel

/// Reads a dataset folder and validates all of it: the manifest, the settlements and the
/// counties. Every problem is collected (not only the first), each naming its file and
/// feature; any error makes loading throw ``InputError``. Soft findings become
/// ``Dataset/warnings``.
public enum DatasetLoader {
    public static func load(directory: String) throws -> Dataset {
        var loader = DatasetLoading(directory: directory)
        return try loader.run()
    }
}

/// One load, collecting issues as it goes. Its steps are in the files beside this one:
/// the hierarchy, the places (counties and settlements), and the plan (network, targets,
/// layout).
struct DatasetLoading {
    let directory: String
    var issues: [DatasetIssue] = []
    /// Each layer's file and how to read it, by the name messages give it.
    var layers: [String: (file: String, options: LayerReadOptions)] = [:]

    init(directory: String) { self.directory = directory }

    mutating func error(_ file: String, _ index: Int? = nil, _ id: String? = nil, _ message: String) {
        issues.append(DatasetIssue(.error, file: file, featureIndex: index, featureId: id, message))
    }

    mutating func warning(_ file: String, _ index: Int? = nil, _ id: String? = nil, _ message: String) {
        issues.append(DatasetIssue(.warning, file: file, featureIndex: index, featureId: id, message))
    }

    var hasErrors: Bool { issues.contains { $0.severity == .error } }
    var errorCount: Int { issues.filter { $0.severity == .error }.count }

    func failure() -> InputError { InputError(.dataset, source: directory, issues: issues) }

    // MARK: Whole load

    mutating func run() throws -> Dataset {
        let m = try DatasetManifest.read(directory: directory)
        checkCRS(m)
        for entry in [m.layers.settlementsEntry] + (m.layers.countiesEntry.map { [$0] } ?? []) {
            layers[entry.label] = (entry.file, entry.options(defaultCRS: m.crs, defaultDatum: m.datum))
        }
        let hierarchy = readHierarchy(m)
        let attributes = (m.attributes ?? []).map {
            SettlementAttribute(
                id: $0.id, nameZh: $0.primaryName, nameEn: $0.secondaryName, unit: $0.unit,
                planSentence: $0.plan_sentence)
        }
        let counties = readCounties(m.layers.counties)
        let (settlements, constituents, externals) = readSettlements(
            m.layers.settlements, hierarchy, counties, attributes)
        let placeIds = Set(settlements.map(\.id) + constituents.map(\.id) + externals.map(\.id))
        for c in counties where placeIds.contains(c.id) {
            error(
                m.layers.counties ?? "", c.featureIndex, c.id,
                "id \"\(c.id)\" is also a settlement id; ids must be unique across layers so exports stay unambiguous")
        }
        if hasErrors { throw failure() }

        checkCounts(m.layers.settlements, settlements, hierarchy)
        if hasErrors { throw failure() }

        populationWarnings(m.layers.settlements, settlements, hierarchy.levels)
        distanceFindings(
            m.layers.settlements,
            settlements.compactMap { s in s.location.map { (s.id, s.featureIndex, $0) } }
                + constituents.compactMap { c in c.location.map { (c.id, c.featureIndex, $0) } }
                + externals.map { ($0.id, $0.featureIndex, $0.location) })
        if hasErrors { throw failure() }
        countyWarnings(m.layers.settlements, settlements, constituents, counties)
        for s in settlements where !s.isLocated {
            warning(
                m.layers.settlements, s.featureIndex, s.id,
                "\(s.nameZh) is not located (no coordinate in the sources); it is listed but left out of spatial analyses"
            )
        }

        let metric = resolveMetricCRS(m, settlements, constituents, externals, counties)
        let networks = networkSpecs(m)
        if hasErrors { throw failure() }
        // The places are whole and valid: targets and the layout are resolved against them.
        let gazetteer = Gazetteer(
            hierarchy: hierarchy, settlements: settlements, constituents: constituents, externalPlaces: externals,
            counties: counties, metricCRS: metric)
        let targets = readTargets(m, gazetteer)
        let layout = readLayout(m, gazetteer)
        let serviceTargets = readServiceTargets(m, gazetteer)
        if hasErrors { throw failure() }

        return Dataset(
            name: m.name, title: m.title, region: m.region, directory: directory,
            files: DatasetFiles(
                manifest: DatasetManifest.fileName, settlements: m.layers.settlements, counties: m.layers.counties),
            plan: planReference(m), crs: m.crs ?? "OGC:CRS84", gazetteer: gazetteer, attributes: attributes,
            networks: networks,
            targets: targets, serviceTargets: serviceTargets, layout: layout,
            warnings: issues.filter { $0.severity == .warning })
    }

    func planReference(_ m: DatasetManifest) -> PlanReference {
        PlanReference(
            title: m.plan.title, titleNote: m.plan.title_note, baseYear: m.plan.base_year,
            startYear: m.plan.start_year, endYear: m.plan.end_year, seed: m.plan.seed,
            sentences: [
                "structure": m.structure_sentence, "function_types": m.function_types_sentence,
                "period": m.plan.period_sentence, "targets_status": m.plan.targets_status_sentence,
            ].compactMapValues { $0 })
    }

    mutating func resolveMetricCRS(
        _ m: DatasetManifest, _ settlements: [Settlement], _ parts: [ConstituentUnit], _ externals: [ExternalPlace],
        _ counties: [County]
    ) -> String {
        let located = settlements.compactMap(\.location)
        let centre =
            located.isEmpty
            ? Coordinate(x: 0, y: 0)
            : Coordinate(
                x: located.map(\.x).reduce(0, +) / Double(located.count),
                y: located.map(\.y).reduce(0, +) / Double(located.count))
        let crs = m.metric_crs ?? MetricCRS.suggested(for: centre)
        let file = DatasetManifest.fileName
        let info: CoordinateReferenceSystem
        do { info = try CoordinateReferenceSystem(crs) } catch {
            self.error(file, nil, nil, "metric_crs \"\(crs)\" is not a known CRS: \(error)")
            return crs
        }
        let suggestion = "it must be a projected CRS in metres, such as \(MetricCRS.suggested(for: centre))"
        switch info.kind {
        case .projected where !info.isProjectedInMetres:
            error(
                file, nil, nil,
                "metric_crs \(crs) (\(info.name)) measures in \(info.unitName ?? "an unknown unit"), not metres; \(suggestion)"
            )
        case .projected: break
        case .geographic: error(file, nil, nil, "metric_crs \(crs) (\(info.name)) is geographic; \(suggestion)")
        case .geocentric:
            error(
                file, nil, nil,
                "metric_crs \(crs) (\(info.name)) is geocentric (x, y, z from the Earth's centre); \(suggestion)")
        case .other: error(file, nil, nil, "metric_crs \(crs) (\(info.name)) is not a projected CRS; \(suggestion)")
        }
        guard info.isProjectedInMetres else { return crs }
        // A projection measures well near where it is meant to be used; far outside, lengths
        // are wrong by any amount (180° from a Gauss-Kruger zone, thousands of km by hundreds).
        func check(_ layer: String, _ index: Int, _ id: String, _ points: [Coordinate]) {
            guard let worst = points.compactMap({ info.degreesOutsideAreaOfUse($0) }).max(),
                worst > MetricCRS.usableMarginDegrees
            else { return }
            error(
                layer, index, id,
                String(
                    format: "lies %.0f° outside the area of use of metric_crs %@ (%@), where its lengths are wrong; ",
                    worst, crs, info.name)
                    + "choose a metric_crs for the region (such as \(MetricCRS.suggested(for: points[0]))), "
                    + "or check the CRS the coordinates are read in (crs: in dataset.yaml) and whether they are swapped"
            )
        }
        for s in settlements { if let c = s.location { check(m.layers.settlements, s.featureIndex, s.id, [c]) } }
        for p in parts { if let c = p.location { check(m.layers.settlements, p.featureIndex, p.id, [c]) } }
        for e in externals { check(m.layers.settlements, e.featureIndex, e.id, [e.location]) }
        for c in counties { check(m.layers.counties ?? "", c.featureIndex, c.id, c.boundary.allCoordinates) }
        return crs
    }

}
