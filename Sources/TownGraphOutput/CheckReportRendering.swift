import Foundation
import GeoKit
import JSONKit
import TownGraphAnalysis
import TownGraphModel
import TownGraphRouting

extension CheckReport {
    static func minutes(_ m: Double?) -> String {
        guard let m else { return "-" }
        return m.isFinite ? String(format: "%.1f", m) : "∞"
    }

    /// Minutes for JSON, to 0.001 min; null when unmeasured or unreachable.
    static func minutesJSON(_ m: Double?) -> JSONValue {
        guard let m, m.isFinite else { return .null }
        return .number((m * 1000).rounded() / 1000)
    }

    static func margin(_ m: Double?) -> String {
        guard let m else { return "-" }
        return String(format: "%+.1f", m)
    }

    static func pairName(_ p: PairResult) -> String {
        "\(p.origin.name) → \(p.destination?.name ?? "(none reachable)")"
    }

    func verdict(_ r: TargetResult) -> String {
        if r.holds { return r.notLocated > 0 ? "holds (\(r.notLocated) not checked)" : "holds" }
        return r.target.status == .binding ? "FAILS" : "fails (indicative)"
    }

    var header: String {
        "Dataset \(dataset): \(results.count + services.count) target\(results.count + services.count == 1 ? "" : "s") on network \(networkName) (\(network))\(networkIsModelled ? " [modelled]" : ""), \(scenarioName)"
            + (networkCredit.map { "\nRoad data: \($0)" } ?? "")
    }

    static func kmh(_ v: Double) -> String { JSONValue.format((v * 10).rounded() / 10) }

    /// One line per target on how its verdict depends on speeds, or nothing.
    func speedSection(markdown: Bool) -> String {
        guard !speedSensitivity.isEmpty else { return "" }
        let ranges = rangedClasses.map {
            "\($0.id) \(CheckReport.kmh($0.speedRangeKmh!.lowerBound))–\(CheckReport.kmh($0.speedRangeKmh!.upperBound))"
        }
        var out =
            "\nOver the speed ranges (every class at the same fraction of its range: \(ranges.joined(separator: ", ")) km/h):\n"
        if markdown { out += "\n" }
        for r in results {
            guard let s = speedSensitivity[r.target.id] else { continue }
            out += (markdown ? "- \(r.target.id): " : "  \(r.target.id): ") + CheckReport.describe(s) + "\n"
        }
        return out
    }

    static func describe(_ s: SpeedSensitivity) -> String {
        if s.robust { return "robust (\(s.holdsAtLow ? "holds" : "fails") at both ends)" }
        guard let f = s.flipFraction else {
            return "speed-dependent (holds at the low ends, fails at the high ends)"
        }
        let speeds = s.flipSpeeds.map { "\($0.roadClass.id) \(kmh($0.kmh))" }.joined(separator: ", ")
        return String(format: "speed-dependent: fails at the low ends, holds from %.0f%%", f * 100)
            + " of the ranges (\(speeds) km/h)"
    }

    func summaryRows() -> [[String]] {
        results.map { r in
            let w = r.worst
            return [
                r.target.id, "\(JSONValue.format(r.target.minutes)) min", r.target.status.rawValue, String(r.checked),
                String(r.passed),
                String(r.failed), String(r.unreachable), String(r.notLocated),
                w.map(CheckReport.pairName) ?? "-", CheckReport.minutes(w?.minutes),
                CheckReport.margin(w?.marginMinutes), verdict(r),
            ]
        }
    }

    static let summaryHeader = [
        "target", "limit", "status", "pairs", "passed", "failed", "unreachable", "not located", "worst pair", "time",
        "margin", "verdict",
    ]
    static let detailHeader = [
        "origin", "destination", "time (min)", "margin (min)", "outcome", "km", "break-even (km/h)",
    ]

    /// Whether any checked place reaches the road by a leg of some length: then the details
    /// show each pair's access time (part of its time) and the legs' lengths.
    var showsAccess: Bool { accessLegs.values.contains { $0.metres >= 1 } }

    var detailHeader: [String] {
        CheckReport.detailHeader + (showsAccess ? ["access (min)", "access legs (m)"] : [])
    }

    func detailRows(_ r: TargetResult) -> [[String]] {
        r.pairs.map { p in
            var row = [
                p.origin.name, p.destination?.name ?? "-", CheckReport.minutes(p.minutes),
                CheckReport.margin(p.marginMinutes), p.outcome.rawValue,
                p.metres.flatMap { $0.isFinite ? String(format: "%.1f", $0 / 1000) : nil } ?? "-",
                p.breakEvenKmh(limitMinutes: r.target.minutes).map { String(format: "%.0f", $0) } ?? "-",
            ]
            if showsAccess {
                let legs = [accessLegs[p.origin.id], p.destination.flatMap { accessLegs[$0.id] }]
                let seconds = legs.compactMap { $0?.seconds }.reduce(0, +)
                row += [
                    legs.allSatisfy { $0 == nil } ? "-" : String(format: "%.1f", seconds / 60),
                    legs.map { $0.map { String(format: "%.0f", $0.metres) } ?? "-" }.joined(separator: " + "),
                ]
            }
            return row
        }
    }

    /// A line naming the long access legs, or nothing.
    func accessNote(markdown: Bool) -> String {
        let long = longAccessLegs
        guard !long.isEmpty else { return "" }
        let list = long.map {
            String(format: "%@ %.1f km (%.1f min)", $0.place.name, $0.leg.metres / 1000, $0.leg.seconds / 60)
        }
        let text =
            "Access legs over \(Int(CheckReport.accessWarningMetres)) m, counted in every time: \(list.joined(separator: ", "))"
            + " (a place that far from a road may be misplaced, or the network may lack its road)"
        return (markdown ? "\n*" + text + "*\n" : "\n" + text + "\n")
    }

    func serviceRows(_ r: ServiceResult) -> [[String]] {
        r.counties.map {
            [
                $0.county.nameZh, String($0.routes.count), $0.routes.joined(separator: ", "),
                $0.holds ? "holds" : "fails",
            ]
        }
    }

    static let serviceHeader = ["county", "expressways", "routes", "verdict"]

    func serviceSection(markdown: Bool) -> String {
        var out = ""
        for r in services {
            let title =
                "\(r.target.id) (\(r.target.status.rawValue)): at least \(r.target.minimumRoutes) expressways per county-level unit, interchanges within \(JSONValue.format(r.target.withinKm)) km — \(r.holds ? "holds" : "fails")"
            out +=
                markdown
                ? "\n- **\(title)** 「\(r.target.planSentence)」\n\n" : "\n\(title)\n  「\(r.target.planSentence)」\n"
            out +=
                markdown
                ? CheckReport.markdownTable(CheckReport.serviceHeader, serviceRows(r))
                : TextTable(header: CheckReport.serviceHeader, rows: serviceRows(r), rightAligned: [1]).render()
        }
        return out
    }

    /// A terminal table; with `details`, every pair of every target.
    public func renderTable(details: Bool) -> String {
        var out = header + "\n"
        if !results.isEmpty {
            out +=
                "\n"
                + TextTable(
                    header: CheckReport.summaryHeader, rows: summaryRows(), rightAligned: [3, 4, 5, 6, 7, 9, 10]
                ).render()
        }
        out += speedSection(markdown: false)
        for r in results {
            out += "\n\(r.target.id): 「\(r.target.planSentence)」\(r.target.planSection.map { " (\($0))" } ?? "")\n"
            if let note = r.target.note { out += "  reading: \(note)\n" }
            if details {
                out +=
                    TextTable(header: detailHeader, rows: detailRows(r), rightAligned: [2, 3, 5, 6, 7]).render()
                    .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        out += serviceSection(markdown: false)
        out += accessNote(markdown: false)
        out += "\n" + (passes(strict: false) ? "No binding target fails." : "A binding target fails.")
        let indicativeFailing =
            results.filter { !$0.holds && $0.target.status == .indicative }.count
            + services.filter { !$0.holds && $0.target.status == .indicative }.count
        if indicativeFailing > 0 {
            out +=
                " \(indicativeFailing) indicative target\(indicativeFailing == 1 ? "" : "s") fail\(indicativeFailing == 1 ? "s" : "") (exit status 0 unless --strict)."
        }
        return out + "\n"
    }

    static func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "| " + header.map(esc).joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
        for r in rows { out += "| " + r.map(esc).joined(separator: " | ") + " |\n" }
        return out
    }

    public func renderMarkdown(details: Bool) -> String {
        var out = "### \(dataset): accessibility targets\n\n"
        out +=
            "Network: \(networkName), \(network)\(networkIsModelled && !network.contains("modelled") ? " (modelled)" : ""); \(scenarioName).\n\n"
        if let networkCredit { out += "Road data: \(networkCredit).\n\n" }
        if !results.isEmpty { out += CheckReport.markdownTable(CheckReport.summaryHeader, summaryRows()) }
        out += speedSection(markdown: true) + "\n"
        for r in results {
            out += "- **\(r.target.id)** 「\(r.target.planSentence)」\(r.target.planSection.map { " — \($0)" } ?? "")"
            if let note = r.target.note { out += " *Reading:* \(note)" }
            out += "\n"
            if details { out += "\n" + CheckReport.markdownTable(detailHeader, detailRows(r)) + "\n" }
        }
        return out + serviceSection(markdown: true) + accessNote(markdown: true)
    }

    func json(_ p: PairResult, limitMinutes: Double) -> JSONValue {
        let legs = [accessLegs[p.origin.id], p.destination.flatMap { accessLegs[$0.id] }]
        let accessSeconds = legs.compactMap { $0?.seconds }.reduce(0, +)
        var km = JSONValue.null
        if let m = p.metres, m.isFinite { km = .number((m / 10).rounded() / 100) }
        var breakEven = JSONValue.null
        if let v = p.breakEvenKmh(limitMinutes: limitMinutes) { breakEven = .number((v * 10).rounded() / 10) }
        var minutes = JSONValue.null
        if let m = p.minutes { minutes = m.isFinite ? .number((m * 1000).rounded() / 1000) : .string("unreachable") }
        var margin = JSONValue.null
        if let m = p.marginMinutes { margin = .number((m * 1000).rounded() / 1000) }
        let members: [(String, JSONValue)] = [
            ("origin", .string(p.origin.id)), ("origin_name", .string(p.origin.name)),
            ("destination", p.destination.map { .string($0.id) } ?? .null),
            ("destination_name", p.destination.map { .string($0.name) } ?? .null),
            ("minutes", minutes), ("margin_minutes", margin), ("outcome", .string(p.outcome.rawValue)),
            ("origin_access_m", legs[0].map { .number($0.metres.rounded()) } ?? .null),
            ("destination_access_m", legs[1].map { .number($0.metres.rounded()) } ?? .null),
            ("access_minutes", .number((accessSeconds / 60 * 1000).rounded() / 1000)),
            ("km", km), ("break_even_kmh", breakEven),
        ]
        return .object(members)
    }

    func speedJSON(_ s: SpeedSensitivity) -> JSONValue {
        .object([
            ("holds_at_low", .bool(s.holdsAtLow)), ("holds_at_high", .bool(s.holdsAtHigh)), ("robust", .bool(s.robust)),
            ("flip_fraction", s.flipFraction.map { .number(($0 * 10000).rounded() / 10000) } ?? .null),
            (
                "flip_speeds_kmh",
                s.flipFraction == nil
                    ? .null
                    : .object(s.flipSpeeds.map { ($0.roadClass.id, .number(($0.kmh * 10).rounded() / 10)) })
            ),
        ])
    }

    public func renderJSON(details: Bool) -> String {
        let doc: JSONValue = .object([
            ("dataset", .string(dataset)),
            ("network_name", .string(networkName)),
            ("network", .string(network)), ("network_source", .string(networkSource)),
            ("network_credit", networkCredit.map { .string($0) } ?? .null),
            ("network_modelled", .bool(networkIsModelled)),
            ("scenario", scenario.map { .number(Double($0)) } ?? .string("base")),
            ("passes", .bool(passes(strict: false))), ("passes_strict", .bool(passes(strict: true))),
            (
                "long_access_legs",
                .array(
                    longAccessLegs.map {
                        .object([
                            ("place", .string($0.place.id)), ("metres", .number($0.leg.metres.rounded())),
                            ("minutes", .number(($0.leg.seconds / 60 * 1000).rounded() / 1000)),
                        ])
                    })
            ),
            (
                "targets",
                .array(
                    results.map { r in
                        var members: [(String, JSONValue)] = [
                            ("id", .string(r.target.id)), ("plan_sentence", .string(r.target.planSentence)),
                            ("plan_section", r.target.planSection.map { .string($0) } ?? .null),
                            ("relation", .string(r.target.relation.rawValue)), ("minutes", .number(r.target.minutes)),
                            ("status", .string(r.target.status.rawValue)), ("holds", .bool(r.holds)),
                            ("pairs", .number(Double(r.checked))), ("passed", .number(Double(r.passed))),
                            ("failed", .number(Double(r.failed))),
                            ("unreachable", .number(Double(r.unreachable))),
                            ("not_located", .number(Double(r.notLocated))),
                            ("worst", r.worst.map { json($0, limitMinutes: r.target.minutes) } ?? .null),
                        ]
                        if let sens = speedSensitivity[r.target.id] {
                            members.append(("speed_range", speedJSON(sens)))
                        }
                        if details {
                            members.append(
                                ("details", .array(r.pairs.map { json($0, limitMinutes: r.target.minutes) })))
                        }
                        return .object(members)
                    })
            ),
            (
                "service_targets",
                .array(
                    services.map { r in
                        .object([
                            ("id", .string(r.target.id)), ("plan_sentence", .string(r.target.planSentence)),
                            ("min_expressways", .number(Double(r.target.minimumRoutes))),
                            ("within_km", .number(r.target.withinKm)),
                            ("status", .string(r.target.status.rawValue)), ("holds", .bool(r.holds)),
                            (
                                "counties",
                                .array(
                                    r.counties.map { c in
                                        .object([
                                            ("county", .string(c.county.id)),
                                            ("routes", .array(c.routes.map { .string($0) })),
                                            ("interchanges", .array(c.interchanges.map { .string($0) })),
                                            ("holds", .bool(c.holds)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
        return doc.serialized(pretty: true) + "\n"
    }

    /// Every pair of every target as one long table for spreadsheets (UTF-8 with a
    /// byte-order mark): ids and names, minutes, route km, access minutes and snap distance
    /// at each end, straight-line km, detour ratio, limit, margin, break-even speed, outcome.
    public func renderCSV() -> String {
        var rows: [[String]] = []
        for r in results {
            for p in r.pairs {
                let legs = [accessLegs[p.origin.id], p.destination.flatMap { accessLegs[$0.id] }]
                let km = p.metres.flatMap { $0.isFinite ? $0 / 1000 : nil }
                let straight = CSV.straightKm(p.origin.location, p.destination?.location)
                let detour = km.flatMap { k in straight.flatMap { $0 > 0 ? k / $0 : nil } }
                rows.append([
                    r.target.id, JSONValue.format(r.target.minutes), r.target.status.rawValue, p.origin.id,
                    p.origin.name,
                    p.destination?.id ?? "", p.destination?.name ?? "",
                    CSV.number(p.seconds.map { $0 / 60 }, 3), CSV.number(km, 3),
                    CSV.number(legs[0].map { $0.seconds / 60 }, 3), CSV.number(legs[1].map { $0.seconds / 60 }, 3),
                    CSV.number(legs[0]?.metres, 0), CSV.number(legs[1]?.metres, 0), CSV.number(straight, 3),
                    CSV.number(detour, 3), CSV.number(p.marginMinutes, 3),
                    CSV.number(p.breakEvenKmh(limitMinutes: r.target.minutes), 1), p.outcome.rawValue,
                ])
            }
        }
        return CSV.renderForExcel(
            header: [
                "target", "limit_minutes", "status", "origin_id", "origin_name", "destination_id", "destination_name",
                "minutes", "route_km", "origin_access_minutes", "destination_access_minutes", "origin_snap_m",
                "destination_snap_m", "straight_km", "detour", "margin_minutes", "break_even_kmh", "outcome",
            ], rows: rows)
    }

    /// GeoJSON: the route of every failing pair (LineString) with its target, times and
    /// margin; unreachable pairs appear with a null geometry. The routes are the report's
    /// own (a check run with routes).
    public func renderGeoJSON(decimals: Int = 6) -> String {
        GeoJSONWriter(decimals: decimals).text(failingRouteFeatures())
    }

    /// The failing and unreachable pairs as features: the route (LineString) of each
    /// failing pair, none for an unreachable one, with the target, times and margin.
    public func failingRouteFeatures() -> [GeoJSONFeature] {
        var features: [GeoJSONFeature] = []
        for r in results {
            for p in r.pairs where p.outcome == .failed || p.outcome == .unreachable {
                let key = p.key(in: r.target)
                features.append(
                    GeoJSONFeature(
                        id: key,
                        properties: [("target", .string(r.target.id)), ("limit_minutes", .number(r.target.minutes))]
                            + (json(p, limitMinutes: r.target.minutes).objectValue ?? []),
                        geometry: routes[key].map { .lineString($0) }))
            }
        }
        return features
    }
}

extension CheckComparison {
    /// The comparison in a format: json, markdown, else a table.
    public func render(_ format: OutputFormat) -> String {
        format == .json ? renderJSON() : renderTable(markdown: format == .markdown)
    }

    /// The comparison as JSON (`check --compare A,B --format json`, and the web page's
    /// toggle): each target's verdict and counts on both sides, and every pair whose outcome
    /// differs, with its times.
    public func renderJSON() -> String {
        func side(_ t: TargetResult) -> JSONValue {
            .object([
                ("holds", .bool(t.holds)), ("passed", .number(Double(t.passed))),
                ("checked", .number(Double(t.checked))),
                ("worst_minutes", CheckReport.minutesJSON(t.worst?.minutes)),
            ])
        }
        var targets: [JSONValue] = []
        var changes: [JSONValue] = []
        for (a, b) in zip(base.results, other.results) {
            targets.append(
                .object([
                    ("id", .string(a.target.id)), ("minutes", .number(a.target.minutes)), ("base", side(a)),
                    ("other", side(b)),
                ]))
            let before = Dictionary(
                a.pairs.map { ("\($0.origin.id)>\($0.destination?.id ?? "")", $0) }, uniquingKeysWith: { x, _ in x })
            for p in b.pairs {
                guard let q = before["\(p.origin.id)>\(p.destination?.id ?? "")"], q.outcome != p.outcome else {
                    continue
                }
                changes.append(
                    .object([
                        ("target", .string(a.target.id)), ("origin", .string(p.origin.id)),
                        ("destination", p.destination.map { .string($0.id) } ?? .null),
                        ("base_minutes", CheckReport.minutesJSON(q.minutes)),
                        ("other_minutes", CheckReport.minutesJSON(p.minutes)),
                        ("base_outcome", .string(q.outcome.rawValue)), ("other_outcome", .string(p.outcome.rawValue)),
                    ]))
            }
        }
        return JSONValue.object([
            ("dataset", .string(base.dataset)), ("axis", .string(axis == .scenarios ? "scenarios" : "networks")),
            ("base", .string(label(base))), ("other", .string(label(other))),
            ("network", .string(base.networkName)), ("targets", .array(targets)), ("changes", .array(changes)),
        ]).serialized(pretty: true) + "\n"
    }

    public func renderTable(markdown: Bool = false) -> String {
        let (la, lb) = (label(base), label(other))
        var rows: [[String]] = []
        var changes: [String] = []
        for (a, b) in zip(base.results, other.results) {
            var row = [
                a.target.id, "\(JSONValue.format(a.target.minutes)) min",
                "\(a.passed)/\(a.checked)", "\(b.passed)/\(b.checked)",
            ]
            if axis == .networks {
                row += [
                    a.worst.map(CheckReport.pairName) ?? "-", CheckReport.minutes(a.worst?.minutes),
                    b.worst.map(CheckReport.pairName) ?? "-", CheckReport.minutes(b.worst?.minutes),
                ]
            } else {
                row += [CheckReport.minutes(a.worst?.minutes), CheckReport.minutes(b.worst?.minutes)]
            }
            rows.append(row + [a.holds ? "holds" : "fails", b.holds ? "holds" : "fails"])
            let before = Dictionary(
                a.pairs.map { ("\($0.origin.id)>\($0.destination?.id ?? "")", $0) }, uniquingKeysWith: { x, _ in x })
            for p in b.pairs {
                let key = "\(p.origin.id)>\(p.destination?.id ?? "")"
                let q = before[key] ?? a.pairs.first { $0.origin.id == p.origin.id && a.target.relation == .nearest }
                guard let q else { continue }
                let dt = (p.minutes ?? .nan) - (q.minutes ?? .nan)
                // Between networks every time differs: only changed outcomes are listed.
                let timeChange = axis == .scenarios && dt.isFinite && abs(dt) >= 0.05
                if q.outcome != p.outcome || timeChange {
                    changes.append(
                        "\(a.target.id): \(CheckReport.pairName(q)) \(CheckReport.minutes(q.minutes)) min (\(q.outcome.rawValue)) → \(CheckReport.pairName(p)) \(CheckReport.minutes(p.minutes)) min (\(p.outcome.rawValue))"
                    )
                }
            }
        }
        var header = ["target", "limit", "passed \(la)", "passed \(lb)"]
        header +=
            axis == .networks
            ? ["worst pair \(la)", "time", "worst pair \(lb)", "time"] : ["worst \(la)", "worst \(lb)"]
        header += axis == .networks ? ["verdict \(la)", "verdict \(lb)"] : ["base verdict", "scenario verdict"]
        var out: String
        switch axis {
        case .scenarios:
            out =
                "Dataset \(base.dataset) on network \(base.networkName) (\(base.network)): \(base.scenarioName) against \(other.scenarioName)\n\n"
        case .networks:
            out =
                "Dataset \(base.dataset), \(base.scenarioName): network \(la) against network \(lb)\n  \(la): \(base.network)\n  \(lb): \(other.network)\n\n"
        }
        let numeric: Set<Int> = axis == .networks ? [2, 3, 5, 7] : [2, 3, 4, 5]
        out +=
            markdown
            ? CheckReport.markdownTable(header, rows)
            : TextTable(header: header, rows: rows, rightAligned: numeric).render()
        if axis == .networks {
            let r = timeRatios()
            if !r.isEmpty {
                out += String(
                    format:
                        "\nTimes on %@ over times on %@, %d pairs measured on both: median %.2f, range %.2f–%.2f.\n",
                    lb, la, r.count, r[r.count / 2], r.first!, r.last!)
            }
        }
        let what = axis == .networks ? "Pairs whose outcome changes" : "Pairs that change"
        out +=
            "\n"
            + (changes.isEmpty
                ? (axis == .networks ? "No pair changes its outcome.\n" : "No pair changes.\n")
                : "\(what) (\(changes.count)):\n"
                    + changes.map { (markdown ? "- " : "  ") + $0 }.joined(separator: "\n") + "\n")
        return out
    }
}

extension CheckReport {
    /// The report in a format: a table, markdown, JSON, or GeoJSON of the failing routes.
    public func render(_ format: OutputFormat, details: Bool) -> String {
        switch format {
        case .markdown: return renderMarkdown(details: details)
        case .json: return renderJSON(details: details)
        case .csv: return renderCSV()
        case .geojson: return renderGeoJSON()
        default: return renderTable(details: details)
        }
    }
}
