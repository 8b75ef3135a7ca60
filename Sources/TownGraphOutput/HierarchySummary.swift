import JSONKit
import TownGraphModel

/// The hierarchy at a glance: counts by level, sub-class and function type (stated in the
/// plan against found in the data), the level-by-type matrix, population bands per level,
/// and the dataset's warnings. What `towngraph info` prints.
public struct HierarchySummary: Sendable {
    public struct Count: Sendable {
        public let id: String
        public let nameZh: String
        public let nameEn: String
        public let stated: Int?
        public let found: Int
        public var agrees: Bool { stated.map { $0 == found } ?? true }
    }

    public let dataset: Dataset
    public let levels: [Count]
    public let subClasses: [Count]
    public let functionTypes: [Count]
    /// matrix[level index][type index] = settlements at that level with that type.
    public let matrix: [[[Settlement]]]

    public init(_ dataset: Dataset) {
        self.dataset = dataset
        let s = dataset.settlements
        levels = dataset.levels.map { l in
            Count(
                id: l.id, nameZh: l.nameZh, nameEn: l.nameEn, stated: l.statedCount,
                found: s.filter { $0.level.id == l.id }.count)
        }
        subClasses = dataset.subClasses.map { c in
            Count(
                id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, stated: c.statedCount,
                found: s.filter { $0.subClass?.id == c.id }.count)
        }
        functionTypes = dataset.functionTypes.map { t in
            Count(
                id: t.id, nameZh: t.nameZh, nameEn: t.nameEn, stated: t.statedCount,
                found: s.filter { $0.functionType?.id == t.id }.count)
        }
        matrix = dataset.levels.map { l in
            dataset.functionTypes.map { t in s.filter { $0.level.id == l.id && $0.functionType?.id == t.id } }
        }
    }

    /// Distinct population bands per level, in the order they appear.
    public func bands(of level: Level) -> [(band: String, members: [Settlement])] {
        var order: [String] = []
        var groups: [String: [Settlement]] = [:]
        for s in dataset.settlements where s.level.id == level.id {
            let b = s.population?.stated ?? "(none)"
            if groups[b] == nil { order.append(b) }
            groups[b, default: []].append(s)
        }
        return order.map { ($0, groups[$0]!) }
    }

    public func renderText() -> String {
        var out = ""
        let d = dataset
        out += "\(d.title) — dataset \"\(d.name)\"\n"
        out += "Plan: \(d.plan.title)"
        if let a = d.plan.startYear, let b = d.plan.endYear { out += ", \(a)–\(b)" }
        if let base = d.plan.baseYear { out += " (base year \(base))" }
        out += "\n"
        if let s = d.plan.sentences["structure"] { out += "  「\(s)」\n" }
        let located = d.settlements.filter(\.isLocated).count
        out +=
            "\(d.settlements.count) planning units (\(located) located), \(d.constituents.count) constituent units, \(d.counties.count) county-level units; CRS \(d.crs), measured in \(d.metricCRS)\n\n"

        func countTable(_ title: String, _ counts: [Count]) -> String {
            let rows = counts.map { c in
                [
                    c.id, c.nameZh, c.nameEn, c.stated.map(String.init) ?? "-", String(c.found),
                    c.stated == nil ? "not stated" : (c.agrees ? "ok" : "MISMATCH"),
                ]
            }
            return title + "\n"
                + TextTable(
                    header: ["id", "name", "English", "stated", "found", "check"], rows: rows, rightAligned: [3, 4]
                ).render() + "\n"
        }
        out += countTable("Levels", levels)
        if !subClasses.isEmpty { out += countTable("Sub-classes", subClasses) }
        if !functionTypes.isEmpty { out += countTable("Function types", functionTypes) }

        if !d.functionTypes.isEmpty {
            out += "Level × function type\n"
            var rows: [[String]] = []
            for (i, l) in d.levels.enumerated() {
                rows.append(
                    [l.nameZh] + matrix[i].map { $0.isEmpty ? "·" : String($0.count) } + [String(levels[i].found)])
            }
            rows.append(["total"] + functionTypes.map { String($0.found) } + [String(d.settlements.count)])
            out +=
                TextTable(
                    header: ["level"] + d.functionTypes.map(\.nameZh) + ["total"], rows: rows,
                    rightAligned: Set(1...(d.functionTypes.count + 1))
                ).render() + "\n"
        }

        if d.settlements.contains(where: { $0.population != nil }) {
            out += "Population bands by level\n"
            for l in d.levels {
                for (band, members) in bands(of: l) {
                    out += "  \(l.nameZh)  \(band): \(members.map(\.nameZh).joined(separator: "、"))\n"
                }
            }
        }
        for a in d.attributes {
            let valued = d.settlements.filter { $0.attributes[a.id] != nil }
            out += "\nAttribute \(a.nameZh) / \(a.nameEn)\(a.unit.map { " (\($0))" } ?? ""): "
            out += valued.map { "\($0.nameZh) \($0.attributes[a.id]!)" }.joined(separator: "、") + "\n"
            if let s = a.planSentence { out += "  「\(s)」\n" }
        }
        let withRoles = d.settlements.filter { !$0.roles.isEmpty }
        if !withRoles.isEmpty {
            out += "\nRoles (定位)\n"
            for s in withRoles { out += "  \(s.nameZh): \(s.roles.joined(separator: "; "))\n" }
        }
        if !d.networks.isEmpty {
            out += "\nNetworks (--network NAME; the first is the default)\n"
            for n in d.networks {
                out += "  \(n.id)\(n.id == d.network?.id ? " (default)" : ""): \(n.description)\n"
                if let credit = n.credit { out += "    data: \(credit)\n" }
                let ranges = n.classes.map { c in
                    "\(c.id) \(JSONValue.format(c.speedKmh))"
                        + (c.speedRangeKmh.map {
                            " (\(JSONValue.format($0.lowerBound))–\(JSONValue.format($0.upperBound)))"
                        }
                            ?? "")
                }
                out += "    classes, km/h: \(ranges.joined(separator: ", "))\n"
                for rule in n.rules { out += "    rule: \(rule)\n" }
            }
        }
        if !d.warnings.isEmpty {
            out += "\nWarnings (\(d.warnings.count))\n"
            for w in d.warnings { out += "  \(w)\n" }
        }
        return out
    }
}
