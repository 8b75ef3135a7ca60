import Foundation
import GeoKit

/// A query over a dataset's settlements, built from criteria that all must hold
/// ("key towns in 广饶县 within 20 km of 广饶县城"). Values inside one criterion are
/// alternatives (level key-town or small-town).
///
/// Terms are matched against the dataset's own vocabulary: an id, the Chinese name or the
/// English name of a level, type or sub-class; an id, Chinese name, pinyin or adcode of a
/// county. An unknown term is an error that lists the known ones, never an empty result.
public struct Selection: Sendable {
    public enum Criterion: Sendable {
        case level([String])
        case functionType([String])
        case subClass([String])
        case county([String])
        /// The unit's kind as the dataset records it ("town", "township", "urban-area"...).
        case kind([String])
        case id([String])
        /// Chinese name or pinyin; the suffix 镇/乡 may be left off, case and spaces are ignored.
        case name([String])
        /// Located settlements within `metres` (in the dataset's metric CRS) of a settlement.
        case near(settlement: String, metres: Double)
        /// Located settlements inside (or on the edge of) a WGS84 polygon.
        case inside(Geometry)
    }

    public var criteria: [Criterion]

    public init(_ criteria: [Criterion] = []) { self.criteria = criteria }

    /// The selection with one more criterion.
    public func and(_ criterion: Criterion) -> Selection { Selection(criteria + [criterion]) }

    /// The settlements that meet every criterion, in dataset order.
    public func apply(to dataset: Dataset) throws -> [Settlement] { try apply(to: dataset.gazetteer) }

    /// The settlements that meet every criterion, in gazetteer order.
    public func apply(to dataset: Gazetteer) throws -> [Settlement] {
        var result = dataset.settlements
        var projection: MetricProjection?
        for criterion in criteria {
            switch criterion {
            case .level(let terms):
                let ids = try Set(
                    terms.map {
                        try Selection.resolve(
                            $0, "level",
                            dataset.hierarchy.levels.map { ($0.id, [$0.nameZh, $0.nameEn, String($0.rank)]) })
                    })
                result = result.filter { ids.contains($0.level.id) }
            case .functionType(let terms):
                let ids = try Set(
                    terms.map {
                        try Selection.resolve(
                            $0, "function type",
                            dataset.hierarchy.functionTypes.map { ($0.id, [$0.nameZh, $0.nameEn]) })
                    })
                result = result.filter { $0.functionType.map { ids.contains($0.id) } ?? false }
            case .subClass(let terms):
                let ids = try Set(
                    terms.map {
                        try Selection.resolve(
                            $0, "sub-class", dataset.hierarchy.subClasses.map { ($0.id, [$0.nameZh, $0.nameEn]) })
                    })
                result = result.filter { $0.subClass.map { ids.contains($0.id) } ?? false }
            case .county(let terms):
                let ids = try Set(
                    terms.map {
                        try Selection.resolve(
                            $0, "county", dataset.counties.map { ($0.id, [$0.nameZh, $0.namePinyin, $0.adcode ?? ""]) })
                    })
                result = result.filter { ids.contains($0.county) }
            case .kind(let terms):
                let kinds = Set(dataset.settlements.map(\.kind))
                for t in terms where !kinds.contains(t) {
                    throw SelectionError.unknownTerm(kind: "settlement kind", term: t, known: kinds.sorted())
                }
                result = result.filter { terms.contains($0.kind) }
            case .id(let terms):
                let ids = try Set(
                    terms.map { try Selection.resolve($0, "settlement id", dataset.settlements.map { ($0.id, []) }) })
                result = result.filter { ids.contains($0.id) }
            case .name(let terms):
                let ids = try Set(terms.map { try Selection.settlementId(named: $0, in: dataset) })
                result = result.filter { ids.contains($0.id) }
            case .near(let reference, let metres):
                guard metres.isFinite, metres >= 0 else {
                    throw SelectionError.badValue("distance must be a non-negative number of metres, got \(metres)")
                }
                let refId = try Selection.settlementId(named: reference, in: dataset)
                guard let ref = dataset.settlement(id: refId), let origin = ref.location else {
                    throw SelectionError.notLocated(reference)
                }
                if projection == nil { projection = try MetricProjection(crs: dataset.metricCRS) }
                let o = try projection!.project(origin)
                result = try result.filter { s in
                    guard let loc = s.location else { return false }
                    let p = try projection!.project(loc)
                    return hypot(p.x - o.x, p.y - o.y) <= metres
                }
            case .inside(let polygon):
                let context = try GEOSContext()
                let prepared = try PreparedGeometry(GEOSGeometry(polygon, in: context))
                result = try result.filter { s in
                    guard let loc = s.location else { return false }
                    return try prepared.covers(GEOSGeometry(.point(loc), in: context))
                }
            }
        }
        return result
    }

    /// Splits repeated, comma-separated values into terms: `["a,b", "c"]` gives a, b and c
    /// (spaces around a term are dropped, empty terms left out).
    public static func terms(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter {
            !$0.isEmpty
        }
    }

    /// Normalizes a term for matching: lower case, no spaces, apostrophes or hyphens.
    static func normalize(_ s: String) -> String {
        String(s.lowercased().filter { !" '’-_".contains($0) })
    }

    /// Finds the id a term stands for among (id, other names) pairs.
    static func resolve(_ term: String, _ kind: String, _ entries: [(String, [String])]) throws -> String {
        let t = normalize(term)
        for (id, names) in entries
        where normalize(id) == t || names.contains(where: { !$0.isEmpty && normalize($0) == t }) {
            return id
        }
        throw SelectionError.unknownTerm(kind: kind, term: term, known: entries.map(\.0))
    }

    /// The id of the settlement a name, pinyin or id refers to.
    public static func settlementId(named term: String, in dataset: Dataset) throws -> String {
        try settlementId(named: term, in: dataset.gazetteer)
    }

    /// The id of the settlement a name, pinyin or id refers to.
    public static func settlementId(named term: String, in dataset: Gazetteer) throws -> String {
        let t = normalize(term)
        func strip(_ s: String) -> String {
            var s = s
            if s.hasSuffix("镇") || s.hasSuffix("乡") { s.removeLast() }
            return s
        }
        let matches = dataset.settlements.filter { s in
            normalize(s.id) == t || normalize(s.nameZh) == t || normalize(s.namePinyin) == t
                || strip(s.nameZh) == strip(term)
        }
        if matches.count == 1 { return matches[0].id }
        if matches.count > 1 {
            throw SelectionError.ambiguous(term: term, candidates: matches.map { "\($0.id) (\($0.nameZh))" })
        }
        if let part = dataset.constituents.first(where: {
            normalize($0.id) == t || normalize($0.nameZh) == t || strip($0.nameZh) == strip(term)
        }) {
            throw SelectionError.constituent(term: term, partOf: part.partOf)
        }
        throw SelectionError.unknownTerm(kind: "settlement", term: term, known: dataset.settlements.map(\.id))
    }
}

/// Why a selection could not be applied.
public enum SelectionError: Error, CustomStringConvertible, Equatable {
    case unknownTerm(kind: String, term: String, known: [String])
    case ambiguous(term: String, candidates: [String])
    case constituent(term: String, partOf: String)
    case notLocated(String)
    case badValue(String)

    public var description: String {
        switch self {
        case .unknownTerm(let kind, let term, let known):
            return "unknown \(kind) \"\(term)\"; known: \(known.joined(separator: ", "))"
        case .ambiguous(let term, let candidates):
            return "\"\(term)\" matches several settlements: \(candidates.joined(separator: ", ")); use an id"
        case .constituent(let term, let partOf):
            return
                "\"\(term)\" is a constituent of the planning unit \"\(partOf)\", not a planning unit itself; use \(partOf)"
        case .notLocated(let term):
            return "settlement \"\(term)\" has no location, so distances from it cannot be measured"
        case .badValue(let message):
            return message
        }
    }
}
