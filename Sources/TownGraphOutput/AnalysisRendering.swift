import Foundation
import GeoKit
import JSONKit
import TownGraphAnalysis
import TownGraphModel

/// A number for a table: four significant figures, plain or with an exponent.
func significant(_ v: Double) -> String {
    guard v.isFinite else { return "-" }
    if v == 0 { return "0" }
    return abs(v) >= 0.01 && abs(v) < 1e7 ? String(format: "%.4g", v) : String(format: "%.3e", v)
}

extension LinkageResult {
    var parameters: String {
        "R_ij = \(JSONValue.format(constant)) · √(P_i G_i) · √(P_j G_j) / D_ij^\(JSONValue.format(exponent)), "
            + "D in \(separation == .time ? "minutes on \(network ?? "the network")" : "straight-line km"); \(sizes.note)"
    }

    /// Per town: total linkage and its `top` strongest partners (table); every pair (CSV,
    /// JSON); the pairs as lines weighted for a map (GeoJSON).
    public func render(_ format: OutputFormat, top: Int) throws -> String {
        switch format {
        case .csv:
            return CSV.render(
                header: ["a", "b", "separation_\(separation.unit)", "strength"],
                rows: pairs.map { [$0.a.id, $0.b.id, String(format: "%.3f", $0.separation), "\($0.strength)"] })
        case .json:
            let doc: JSONValue = .object([
                ("parameters", .string(parameters)), ("separation", .string(separation.rawValue)),
                ("exponent", .number(exponent)), ("constant", .number(constant)),
                ("totals", .object(towns.map { ($0.id, .number(totals[$0.id] ?? 0)) })),
                (
                    "pairs",
                    .array(
                        pairs.map {
                            .object([
                                ("a", .string($0.a.id)), ("b", .string($0.b.id)),
                                ("separation", .number($0.separation)),
                                ("strength", .number($0.strength)),
                            ])
                        })
                ),
            ])
            return doc.serialized(pretty: true) + "\n"
        case .geojson:
            let strongest = pairs.first?.strength ?? 1
            let features = pairs.map { p in
                GeoJSONFeature(
                    id: "\(p.a.id)/\(p.b.id)",
                    properties: [
                        ("a", .string(p.a.id)), ("b", .string(p.b.id)), ("separation", .number(p.separation)),
                        ("unit", .string(separation.unit)), ("strength", .number(p.strength)),
                        ("weight", .number((p.strength / strongest * 1e6).rounded() / 1e6)),
                    ],
                    geometry: .lineString([p.a.location!, p.b.location!]))
            }
            return GeoJSONWriter().text(features)
        default:
            let ranked = towns.sorted { (totals[$0.id] ?? 0, $1.id) > (totals[$1.id] ?? 0, $0.id) }
            let rows = ranked.enumerated().map { i, t -> [String] in
                let partners = pairs.filter { $0.a.id == t.id || $0.b.id == t.id }.prefix(top).map { p in
                    "\(p.a.id == t.id ? p.b.name : p.a.name) \(significant(p.strength))"
                }
                return [String(i + 1), t.name, significant(totals[t.id] ?? 0), partners.joined(separator: ", ")]
            }
            var text = "Linkage strength (城镇联系强度) of \(towns.count) towns: \(parameters)\n\n"
            text += TextTable(
                header: ["rank", "town", "total linkage", "strongest links"], rows: rows, rightAligned: [0, 2]
            ).render()
            return text
        }
    }
}

extension AccessResult {
    var parameters: String {
        var text = "times on \(network); Hansen decay \(decay); P: the midpoints of the plan's population bands"
        if let d0 = catchmentMinutes {
            text +=
                "; 2SFCA: \(sites.count) sites (\(sites.map(\.name).joined(separator: "、"))), capacity 1 each, catchment \(JSONValue.format(d0)) min"
        }
        return text
    }

    /// Per town: population and towns reached within each limit, the Hansen potential and
    /// the 2SFCA score (per 10,000 people) as a table, CSV, JSON or points (GeoJSON).
    public func render(_ format: OutputFormat) -> String {
        let limitNames = limits.map { JSONValue.format($0) }
        func cells(_ r: Row) -> [String] {
            zip(r.population, r.towns).map { "\(String(format: "%.0f", $0)) (\($1))" } + [significant(r.hansen)]
                + (r.twoStep.map { [String(format: "%.4f", $0 * 10_000)] } ?? [])
        }
        func members(_ r: Row) -> [(String, JSONValue)] {
            var out: [(String, JSONValue)] = []
            for (k, name) in limitNames.enumerated() {
                out.append(("population_within_\(name)", .number(r.population[k])))
                out.append(("towns_within_\(name)", .number(Double(r.towns[k]))))
            }
            out.append(("hansen", .number(r.hansen)))
            if let score = r.twoStep { out.append(("two_step_per_10000", .number(score * 10_000))) }
            return out
        }
        switch format {
        case .csv:
            let header = ["id"] + members(rows[0]).map(\.0)
            let csvRows = rows.map { r -> [String] in
                [r.town.id] + members(r).map { $0.1.numberValue.map { "\($0)" } ?? "" }
            }
            return CSV.render(header: header, rows: csvRows)
        case .json:
            let doc: JSONValue = .object([
                ("parameters", .string(parameters)), ("limits_minutes", .array(limits.map { .number($0) })),
                (
                    "towns",
                    .array(rows.map { r -> JSONValue in .object([("id", JSONValue.string(r.town.id))] + members(r)) })
                ),
            ])
            return doc.serialized(pretty: true) + "\n"
        case .geojson:
            return GeoJSONWriter().text(
                rows.map { r in
                    GeoJSONFeature(
                        id: r.town.id,
                        properties: [("id", JSONValue.string(r.town.id)), ("name", .string(r.town.name))] + members(r),
                        geometry: r.town.location.map { .point($0) })
                })
        default:
            let header =
                ["town"] + limitNames.map { "≤\($0) min" } + ["Hansen"]
                + (catchmentMinutes == nil ? [] : ["2SFCA /10k"])
            var text = "Accessibility of \(rows.count) towns: population (towns) reached; \(parameters)\n\n"
            text += TextTable(
                header: header, rows: rows.map { [$0.town.name] + cells($0) }, rightAligned: Set(1..<header.count)
            ).render()
            return text
        }
    }
}

extension InfluenceResult {
    var parameters: String {
        "a town belongs to the centre of highest P / t^\(JSONValue.format(exponent)) (t: minutes on \(network)); "
            + "breaking points d_A = D_AB / (1 + √(P_B / P_A)) between Voronoi neighbours; P: the midpoints of the plan's population bands"
    }

    /// The towns with their centre beside the nearest one, and the breaking points: a table,
    /// CSV or JSON; GeoJSON gives the influence areas and the breaking points.
    public func render(_ format: OutputFormat) -> String {
        let rows = assignments.map { a -> [String] in
            [
                a.town.id, a.town.name, a.centre?.name ?? "-", a.minutes.map { String(format: "%.1f", $0) } ?? "-",
                a.nearest?.name ?? "-", a.differs ? "differs" : "",
            ]
        }
        let pointRows = breakingPoints.map { p -> [String] in
            [
                p.a.name, p.b.name, String(format: "%.1f", p.minutesAB), String(format: "%.1f", p.minutesFromA),
                String(format: "%.4f, %.4f", p.location.lon, p.location.lat),
            ]
        }
        switch format {
        case .csv:
            return CSV.render(header: ["id", "name", "centre", "minutes", "nearest_centre", "differs"], rows: rows)
        case .json:
            let doc: JSONValue = .object([
                ("parameters", .string(parameters)),
                (
                    "towns",
                    .array(
                        assignments.map { a in
                            .object([
                                ("id", .string(a.town.id)), ("centre", a.centre.map { .string($0.id) } ?? .null),
                                ("minutes", a.minutes.map { .number(($0 * 1000).rounded() / 1000) } ?? .null),
                                ("nearest_centre", a.nearest.map { .string($0.id) } ?? .null),
                                ("differs", .bool(a.differs)),
                            ])
                        })
                ),
                (
                    "breaking_points",
                    .array(
                        breakingPoints.map { p in
                            .object([
                                ("a", .string(p.a.id)), ("b", .string(p.b.id)),
                                ("minutes_ab", .number((p.minutesAB * 1000).rounded() / 1000)),
                                ("minutes_from_a", .number((p.minutesFromA * 1000).rounded() / 1000)),
                                ("lon", .number((p.location.lon * 1e6).rounded() / 1e6)),
                                ("lat", .number((p.location.lat * 1e6).rounded() / 1e6)),
                            ])
                        })
                ),
            ])
            return doc.serialized(pretty: true) + "\n"
        case .geojson:
            var features: [GeoJSONFeature] = []
            for (c, area) in zip(centres, areas) {
                guard let area else { continue }
                features.append(
                    GeoJSONFeature(
                        id: "influence/\(c.id)",
                        properties: [("kind", .string("influence")), ("centre", .string(c.id))],
                        geometry: area))
            }
            for p in breakingPoints {
                features.append(
                    GeoJSONFeature(
                        id: "breaking-point/\(p.a.id)/\(p.b.id)",
                        properties: [
                            ("kind", .string("breaking-point")), ("a", .string(p.a.id)), ("b", .string(p.b.id)),
                            ("minutes_ab", .number((p.minutesAB * 1000).rounded() / 1000)),
                            ("minutes_from_a", .number((p.minutesFromA * 1000).rounded() / 1000)),
                        ],
                        geometry: .point(p.location)))
            }
            return GeoJSONWriter().text(features)
        default:
            var text = "Spheres of influence of \(centres.map(\.name).joined(separator: "、")): \(parameters)\n\n"
            text += TextTable(
                header: ["id", "name", "centre", "minutes", "nearest centre", ""], rows: rows, rightAligned: [3]
            ).render()
            let differ = assignments.filter(\.differs).map(\.town.name)
            text +=
                "\(differ.count) town\(differ.count == 1 ? " belongs" : "s belong") to another centre than the nearest"
            text += (differ.isEmpty ? "" : ": " + differ.joined(separator: "、")) + "\n\nBreaking points\n"
            text += TextTable(
                header: ["A", "B", "A→B min", "from A min", "lon, lat"], rows: pointRows, rightAligned: [2, 3]
            ).render()
            return text
        }
    }
}

extension PriorityResult {
    /// What each project brings, the greedy order and the bottlenecks: text or JSON; CSV
    /// gives a row per project; GeoJSON the projects' links with what each brings, for a map.
    public func render(_ format: OutputFormat, network: RoadNetwork? = nil) -> String {
        let step = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1.project.name, $0 + 1) })
        if format == .csv {
            return CSV.render(
                header: [
                    "project", "step", "features", "pairs_passing_alone", "minutes_saved_alone",
                    "pairs_passing_only_with_it",
                ],
                rows: contributions.map { c in
                    [
                        c.project.name, String(step[c.project.name] ?? 0),
                        String(c.project.links.count + c.project.interchanges.count),
                        String(c.passingAlone.count), String(format: "%.1f", c.minutesSavedAlone),
                        String(c.onlyWith.count),
                    ]
                })
        }
        if format == .geojson {
            let lines = Dictionary(
                (network?.links ?? []).map { ($0.id, $0.coordinates) }, uniquingKeysWith: { a, _ in a })
            return GeoJSONWriter().text(
                contributions.map { c in
                    GeoJSONFeature(
                        id: c.project.name,
                        properties: [
                            ("project", .string(c.project.name)), ("step", .number(Double(step[c.project.name] ?? 0))),
                            ("pairs_passing_alone", .number(Double(c.passingAlone.count))),
                            ("minutes_saved_alone", .number((c.minutesSavedAlone * 10).rounded() / 10)),
                            ("pairs_passing_only_with_it", .number(Double(c.onlyWith.count))),
                        ],
                        geometry: .multiLineString(c.project.links.compactMap { lines[$0] }))
                })
        }
        if format == .json {
            let doc: JSONValue = .object([
                ("scenario", .number(Double(scenario))), ("pairs", .number(Double(pairs))),
                ("passing_today", .number(Double(passingToday))), ("passing_with_all", .number(Double(passingWithAll))),
                (
                    "projects",
                    .array(
                        contributions.map { c in
                            .object([
                                ("name", .string(c.project.name)),
                                ("links", .array(c.project.links.map { .string($0) })),
                                ("interchanges", .array(c.project.interchanges.map { .string($0) })),
                                ("passing_alone", .array(c.passingAlone.map { .string($0) })),
                                ("minutes_saved_alone", .number((c.minutesSavedAlone * 10).rounded() / 10)),
                                ("only_with", .array(c.onlyWith.map { .string($0) })),
                            ])
                        })
                ),
                (
                    "order",
                    .array(
                        order.map { s in
                            .object([
                                ("project", .string(s.project.name)), ("passing", .number(Double(s.passing))),
                                ("minutes_saved", .number((s.minutesSaved * 10).rounded() / 10)),
                            ])
                        })
                ),
                (
                    "bottlenecks",
                    .array(
                        bottlenecks.map { b in
                            .object([
                                ("pair", .string(b.pair)), ("minutes", .number((b.minutes * 10).rounded() / 10)),
                                ("limit_minutes", .number(b.limitMinutes)), ("road_class", .string(b.roadClass)),
                                ("share", .number((b.share * 1000).rounded() / 1000)),
                                ("speed_factor", b.speedFactor.map { .number(($0 * 1000).rounded() / 1000) } ?? .null),
                            ])
                        })
                ),
            ])
            return doc.serialized(pretty: true) + "\n"
        }
        var text =
            "What to build first by \(scenario): \(projects.count) planned projects (planned features that touch one another); "
        text += "\(passingToday) of \(pairs) checked pairs pass today, \(passingWithAll) with every project\n\n"
        text += TextTable(
            header: [
                "project", "links", "pairs passing with it alone", "minutes saved alone", "pairs passing only with it",
            ],
            rows: contributions.map { c in
                [
                    c.project.name, String(c.project.links.count + c.project.interchanges.count),
                    String(c.passingAlone.count),
                    String(format: "%.1f", c.minutesSavedAlone), String(c.onlyWith.count),
                ]
            }, rightAligned: [1, 2, 3, 4]
        ).render()
        text += "\nGreedy order (each step the project that makes the most pairs pass, then saves the most minutes)\n"
        text += TextTable(
            header: ["step", "project", "pairs passing", "minutes saved"],
            rows: order.enumerated().map { i, s in
                [String(i + 1), s.project.name, String(s.passing), String(format: "%.1f", s.minutesSaved)]
            }, rightAligned: [0, 2, 3]
        ).render()
        for c in contributions where !c.onlyWith.isEmpty {
            text += "\nOnly with \(c.project.name): \(c.onlyWith.joined(separator: "; "))\n"
        }
        if !bottlenecks.isEmpty {
            text +=
                "\nStill failing with every project: the road class with the largest share of the time, and how much faster "
            text += "the route's roads would have to be\n"
            text += TextTable(
                header: ["pair", "minutes", "limit", "bottleneck", "share", "speed needed"],
                rows: bottlenecks.map { b in
                    [
                        b.pair, String(format: "%.1f", b.minutes), JSONValue.format(b.limitMinutes), b.roadClass,
                        String(format: "%.0f%%", b.share * 100),
                        b.speedFactor.map { String(format: "+%.0f%%", ($0 - 1) * 100) }
                            ?? "access legs alone exceed the limit",
                    ]
                }, rightAligned: [1, 2, 4, 5]
            ).render()
        }
        return text
    }
}
