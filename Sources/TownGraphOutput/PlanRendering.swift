import Foundation
import GeoKit
import JSONKit
import TownGraphAnalysis
import TownGraphInput
import TownGraphModel
import TownGraphRouting

extension HierarchySummary {
    /// The summary as JSON: counts against the plan, the level × type matrix, warnings.
    public func renderJSON() -> String {
        let d = dataset
        func counts(_ cs: [HierarchySummary.Count]) -> JSONValue {
            .array(
                cs.map { c in
                    .object([
                        ("id", .string(c.id)), ("name_zh", .string(c.nameZh)), ("name_en", .string(c.nameEn)),
                        ("stated", c.stated.map { .number(Double($0)) } ?? .null), ("found", .number(Double(c.found))),
                    ])
                })
        }
        let matrix: JSONValue = .object(
            d.levels.enumerated().map { i, l in
                (
                    l.id,
                    .object(
                        d.functionTypes.enumerated().map { j, t in
                            (t.id, .array(self.matrix[i][j].map { .string($0.id) }))
                        })
                )
            })
        let doc: JSONValue = .object([
            ("dataset", .string(d.name)), ("title", .string(d.title)), ("plan", .string(d.plan.title)),
            ("settlements", .number(Double(d.settlements.count))),
            ("located", .number(Double(d.settlements.filter(\.isLocated).count))),
            ("levels", counts(levels)), ("sub_classes", counts(subClasses)),
            ("function_types", counts(functionTypes)), ("matrix", matrix),
            (
                "networks",
                .array(
                    d.networks.map { n in
                        .object([
                            ("id", .string(n.id)), ("default", .bool(n.id == d.network?.id)),
                            ("description", .string(n.description)), ("credit", n.credit.map { .string($0) } ?? .null),
                            (
                                "classes",
                                .array(
                                    n.classes.map { c in
                                        .object([
                                            ("id", .string(c.id)), ("speed_kmh", .number(c.speedKmh)),
                                            ("speed_low_kmh", c.speedRangeKmh.map { .number($0.lowerBound) } ?? .null),
                                            ("speed_high_kmh", c.speedRangeKmh.map { .number($0.upperBound) } ?? .null),
                                        ])
                                    })
                            ),
                            ("rules", .array(n.rules.map { .string($0) })),
                        ])
                    })
            ),
            (
                "warnings",
                .array(
                    d.warnings.map { w in
                        .object([
                            ("file", .string(w.file)),
                            ("feature_index", w.featureIndex.map { .number(Double($0)) } ?? .null),
                            ("feature_id", w.featureId.map { .string($0) } ?? .null),
                            ("message", .string(w.message)),
                        ])
                    })
            ),
        ])
        return doc.serialized(pretty: true) + "\n"
    }
}

extension LayoutReport {
    /// Each element with its plan sentence, how it was drawn, and the settlements in it.
    public func renderText(patternSentence: String?) -> String {
        var text = ""
        if let s = patternSentence { text += "「\(s)」\n" }
        for row in rows {
            let e = row.element
            text +=
                "\n\(e.nameZh) (\(e.id), \(e.kind.rawValue)): members \(e.members.map(\.name).joined(separator: "、"))\n"
            if let s = e.planSentence { text += "  「\(s)」\n" }
            if let n = e.note { text += "  drawn: \(n)\n" }
            let list = row.settlements.map {
                e.kind == .axis ? "\($0.0.nameZh) \(String(format: "%.1f", $0.1 / 1000)) km" : $0.0.nameZh
            }
            text +=
                "  \(e.kind == .area ? "inside" : "within \(JSONValue.format(axisDistanceKm)) km") (\(list.count)): "
            text += list.joined(separator: "、") + "\n"
        }
        return text
    }

    /// The elements as features: areas as polygons, axes as lines.
    public func features() -> [GeoJSONFeature] {
        rows.map { row in
            GeoJSONFeature(
                id: row.element.id,
                properties: [
                    ("id", .string(row.element.id)), ("name_zh", .string(row.element.nameZh)),
                    ("kind", .string(row.element.kind.rawValue)),
                    ("members", .array(row.element.members.map { .string($0.id) })),
                    ("settlements", .array(row.settlements.map { .string($0.0.id) })),
                    ("plan_sentence", row.element.planSentence.map { .string($0) } ?? .null),
                ],
                geometry: row.geometry)
        }
    }
}

extension HierarchyMeasures {
    /// The measures as text; `network` names the network travel times ran on.
    public func renderText(dataset: String, network: String?) -> String {
        var out = "Hierarchy measures for \(dataset) (\(sizes.count) units with a population band)\n\n"
        out += TextTable(
            header: ["rank", "settlement", "level", "band", "midpoint"],
            rows: sizes.enumerated().map { i, e in
                [
                    String(i + 1), e.0.nameZh, e.0.level.nameZh, e.0.population?.stated ?? "",
                    String(format: "%.0f", e.1),
                ]
            }, rightAligned: [0, 4]
        ).render()
        if let rs = rankSize {
            out += String(
                format: "\nRank-size exponent b = %.3f ± %.3f (n = %d; ln(rank − ½) = %.3f − b·ln(size))\n",
                rs.exponent,
                rs.standardError, rs.count, rs.intercept)
        }
        func f(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "-" }
        out +=
            "Primacy: two-city \(f(primacy.twoCity)), four-city \(f(primacy.fourCity)), eleven-city \(f(primacy.elevenCity))\n"
        if let nn = nearestNeighbour {
            out += String(
                format:
                    "Clark–Evans R = %.3f (mean nearest neighbour %.1f km against %.1f km for a random pattern; %d points in %.0f km²)\n",
                nn.r, nn.observedMeanMetres / 1000, nn.expectedMeanMetres / 1000, nn.count, nn.areaKm2)
        }
        if !levelAccess.isEmpty {
            out += "\nMean travel time to the nearest unit of the level above (\(network ?? "no network"))\n"
            out += TextTable(
                header: ["level", "to", "units", "mean minutes", "unreachable"],
                rows: levelAccess.map {
                    [
                        $0.level.nameZh, $0.above.nameZh, String($0.units),
                        $0.meanMinutes.map { String(format: "%.1f", $0) } ?? "-",
                        String($0.unreachable),
                    ]
                }, rightAligned: [2, 3, 4]
            ).render()
        }
        return out
    }
}

extension GraphBuildReport {
    /// What building the graph did: nodes, arcs, components, links and interchanges left
    /// out and why, and how each place attached. `places` name the places.
    public static func renderText(_ graph: TravelGraph, places: [Place]) -> String {
        let r = graph.report
        var out = "\(graph.description)\n"
        out += "source: \(graph.source)\(graph.isModelled ? " (modelled links)" : "")\n"
        if let credit = graph.credit { out += "data: \(credit)\n" }
        out +=
            "scenario: \(graph.scenario.map { "\($0): planned links due by then included" } ?? "base: existing links only")\n"
        out += "links used: \(r.linksUsed); planned links left out: \(r.linksNotInScenario.count)"
        out += (r.linksNotInScenario.isEmpty ? "" : " (\(r.linksNotInScenario.joined(separator: ", ")))") + "\n"
        for drop in r.linksDropped { out += "  dropped \(drop.id): \(drop.reason)\n" }
        out += "graph: \(r.nodes) nodes, \(r.arcs) arcs, \(r.roadSegments) road segments, "
        out +=
            "\(r.components) connected component\(r.components == 1 ? "" : "s") (largest \(r.largestComponentNodes) nodes), "
        out += "\(r.danglingEnds) dangling ends\n"
        out += "interchanges used: \(r.interchangesUsed)\n"
        for drop in r.interchangesDropped { out += "  \(drop.id): \(drop.reason)\n" }
        out += "\nRoad length by class\n"
        out += TextTable(
            header: ["class", "km"],
            rows: graph.classes.compactMap { c in r.kilometresByClass[c.id].map { [c.id, String(format: "%.1f", $0)] }
            },
            rightAligned: [1]
        ).render()
        out += "\nPlaces attached: \(r.attached.count)\n"
        let names = Dictionary(places.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        out += TextTable(
            header: ["place", "name", "snap (m)", "road link"],
            rows: r.attached.map {
                [
                    $0.placeId, names[$0.placeId] ?? "", String(format: "%.0f", $0.snapMetres),
                    $0.linkId ?? "(interchange)",
                ]
            }, rightAligned: [2]
        ).render()
        if !r.notAttached.isEmpty {
            out += "\nNot attached: \(r.notAttached.count)\n"
            for n in r.notAttached { out += "  \(n.id) \(names[n.id] ?? ""): \(n.reason)\n" }
        }
        return out
    }
}

/// The bundled datasets as a table: name, title, settlements, warnings, folder.
public enum DatasetListing {
    public static func renderTable() throws -> String {
        let found = DatasetCatalog.bundled()
        if found.isEmpty {
            throw DatasetCatalogError.noneBundled(searched: DatasetCatalog.searchRoots())
        }
        var rows: [[String]] = []
        for (name, dir) in found {
            do {
                let d = try DatasetLoader.load(directory: dir)
                rows.append([name, d.title, String(d.settlements.count), String(d.warnings.count), dir])
            } catch {
                rows.append([name, "(does not load: run towngraph info --data \(name))", "", "", dir])
            }
        }
        return TextTable(
            header: ["name", "title", "settlements", "warnings", "folder"], rows: rows, rightAligned: [2, 3]
        ).render()
    }
}
