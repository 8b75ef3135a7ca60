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
        let hierarchy = readHierarchy(m)
        let attributes = (m.attributes ?? []).map {
            SettlementAttribute(
                id: $0.id, nameZh: $0.name_zh, nameEn: $0.name_en, unit: $0.unit, planSentence: $0.plan_sentence)
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
        countyWarnings(m.layers.settlements, settlements, constituents, counties)
        for s in settlements where !s.isLocated {
            warning(
                m.layers.settlements, s.featureIndex, s.id,
                "\(s.nameZh) is not located (no coordinate in the sources); it is listed but left out of spatial analyses"
            )
        }

        let metric = resolveMetricCRS(m, settlements)
        let network = networkSpec(m)
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
            network: network,
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

    mutating func resolveMetricCRS(_ m: DatasetManifest, _ settlements: [Settlement]) -> String {
        let located = settlements.compactMap(\.location)
        let centre =
            located.isEmpty
            ? Coordinate(x: 0, y: 0)
            : Coordinate(
                x: located.map(\.x).reduce(0, +) / Double(located.count),
                y: located.map(\.y).reduce(0, +) / Double(located.count))
        let crs = m.metric_crs ?? MetricCRS.suggested(for: centre)
        do {
            let info = try CoordinateReferenceSystem(crs)
            if info.isGeographic {
                error(
                    DatasetManifest.fileName, nil, nil,
                    "metric_crs \(crs) (\(info.name)) is geographic; it must be a projected CRS in metres, such as \(MetricCRS.suggested(for: centre))"
                )
            }
        } catch {
            self.error(DatasetManifest.fileName, nil, nil, "metric_crs \"\(crs)\" is not a known CRS: \(error)")
        }
        return crs
    }

}
