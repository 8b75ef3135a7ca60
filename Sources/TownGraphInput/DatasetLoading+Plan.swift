import Foundation
import GeoKit
import JSONKit
import TownGraphModel

/// What the manifest says of the plan beyond its places: the network, targets and layout.
extension DatasetLoading {
    // MARK: Network and targets

    /// The networks the manifest declares: one under `network`, or a list under `networks`
    /// with `default_network` naming the default; the default comes first.
    mutating func networkSpecs(_ m: DatasetManifest) -> [NetworkSpec] {
        let file = DatasetManifest.fileName
        if m.network != nil && m.networks != nil {
            error(file, nil, nil, "declare either network (one) or networks (a list), not both")
            return []
        }
        if let n = m.network {
            if m.default_network != nil { error(file, nil, nil, "default_network goes with a networks list") }
            return [networkSpec(n, id: n.id ?? "default", key: "network", m)]
        }
        guard let list = m.networks else {
            if m.default_network != nil {
                error(file, nil, nil, "default_network names a network, but none is declared")
            }
            return []
        }
        var specs: [NetworkSpec] = []
        var ids = Set<String>()
        for (i, n) in list.enumerated() {
            guard let id = n.id, !id.isEmpty else {
                error(file, nil, nil, "networks[\(i)] needs an id (the name --network picks it by)")
                continue
            }
            if !ids.insert(id).inserted { error(file, nil, id, "network id \"\(id)\" is declared twice") }
            specs.append(networkSpec(n, id: id, key: "networks[\(i)]", m))
        }
        if list.isEmpty { error(file, nil, nil, "networks is an empty list") }
        guard let chosen = m.default_network ?? specs.first?.id else { return specs }
        guard let at = specs.firstIndex(where: { $0.id == chosen }) else {
            error(
                file, nil, nil,
                "default_network \"\(chosen)\" is not among the networks (\(specs.map(\.id).joined(separator: ", ")))")
            return specs
        }
        let first = specs.remove(at: at)
        return [first] + specs
    }

    mutating func networkSpec(
        _ n: DatasetManifest.NetworkEntry, id: String, key: String, _ m: DatasetManifest
    ) -> NetworkSpec {
        let file = DatasetManifest.fileName
        var classes: [RoadClass] = []
        var ids = Set<String>()
        for c in n.classes {
            if !ids.insert(c.id).inserted { error(file, nil, c.id, "road class \"\(c.id)\" is declared twice") }
            if !(c.speed_kmh.isFinite && c.speed_kmh > 0) {
                error(file, nil, c.id, "road class speed_kmh must be positive, found \(c.speed_kmh)")
            }
            var mode = TransportMode.road
            if let m = c.mode {
                if let known = TransportMode(rawValue: m) {
                    mode = known
                } else {
                    error(file, nil, c.id, "road class mode must be road or rail, found \"\(m)\"")
                }
            }
            if mode == .rail && (c.controlled_access == false || c.attachable == true) {
                error(
                    file, nil, c.id,
                    "a rail class is controlled access and not attachable: it is boarded at its stations (interchange features)"
                )
            }
            let controlled = mode == .rail || (c.controlled_access ?? false)
            var range: ClosedRange<Double>?
            switch (c.speed_low_kmh, c.speed_high_kmh) {
            case (nil, nil): break
            case (let low?, let high?):
                if low.isFinite && high.isFinite && low > 0 && low <= c.speed_kmh && c.speed_kmh <= high {
                    range = low...high
                } else {
                    error(
                        file, nil, c.id,
                        "road class speed range must satisfy 0 < speed_low_kmh ≤ speed_kmh ≤ speed_high_kmh, found \(low) ≤ \(c.speed_kmh) ≤ \(high)"
                    )
                }
            default:
                error(file, nil, c.id, "road class speed range needs both speed_low_kmh and speed_high_kmh")
            }
            classes.append(
                RoadClass(
                    id: c.id, nameZh: c.primaryName, nameEn: c.secondaryName, speedKmh: c.speed_kmh,
                    controlledAccess: controlled, attachable: mode == .road && (c.attachable ?? !controlled),
                    mode: mode,
                    speedRangeKmh: range))
        }
        var options = NetworkOptions()
        func positive(_ v: Double?, _ name: String, allowZero: Bool = false) -> Double? {
            guard let v else { return nil }
            if !(v.isFinite && (allowZero ? v >= 0 : v > 0)) {
                error(
                    file, nil, nil,
                    "\(key).\(name) must be a \(allowZero ? "non-negative" : "positive") number, found \(v)")
                return nil
            }
            return v
        }
        if let v = positive(n.snap_tolerance_m, "snap_tolerance_m", allowZero: true) { options.snapToleranceMetres = v }
        if let v = positive(n.interchange_tolerance_m, "interchange_tolerance_m", allowZero: true) {
            options.interchangeToleranceMetres = v
        }
        if let v = positive(n.access_speed_kmh, "access_speed_kmh") { options.accessSpeedKmh = v }
        if let v = positive(n.max_attach_m, "max_attach_m", allowZero: true) { options.maxAttachMetres = v }
        if let v = positive(n.ramp_speed_kmh, "ramp_speed_kmh") { options.rampSpeedKmh = v }
        if let separate = n.separate_expressway_layer { options.separateExpresswayLayer = separate }
        var path = ""
        if let name = n.file {
            path =
                name.hasPrefix("PG:") || name.hasPrefix("/")
                ? name : (directory as NSString).appendingPathComponent(name)
            if !name.hasPrefix("PG:") && !FileManager.default.fileExists(atPath: path) {
                error(file, nil, nil, "\(key).file \(name) does not exist in the dataset folder")
            }
        }
        var spec = NetworkSpec(
            id: id, file: path, description: n.description, classes: classes, options: options, credit: n.credit,
            rules: n.rules ?? [])
        spec.layer = n.layer
        spec.crs = n.crs ?? m.crs.flatMap { FeatureCollectionFile.wgs84Names.contains($0) ? nil : $0 }
        spec.encoding = n.encoding
        return spec
    }

    mutating func readTargets(_ m: DatasetManifest, _ dataset: Gazetteer) -> [TravelTimeTarget] {
        let file = DatasetManifest.fileName
        var out: [TravelTimeTarget] = []
        var ids = Set<String>()
        for t in m.targets ?? [] {
            if !ids.insert(t.id).inserted {
                error(file, nil, t.id, "target id \"\(t.id)\" is used twice")
                continue
            }
            guard let relation = TravelTimeTarget.Relation(rawValue: t.relation) else {
                error(
                    file, nil, t.id,
                    "target relation \"\(t.relation)\" is unknown (\(TravelTimeTarget.Relation.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
                continue
            }
            guard let status = TravelTimeTarget.Status(rawValue: t.status) else {
                error(file, nil, t.id, "target status \"\(t.status)\" is unknown (binding or indicative)")
                continue
            }
            guard t.minutes.isFinite, t.minutes > 0 else {
                error(file, nil, t.id, "target minutes must be positive, found \(t.minutes)")
                continue
            }
            if (relation == .eachToEach || relation == .nearest) && t.destinations == nil {
                error(file, nil, t.id, "a \(relation.rawValue) target needs destinations")
                continue
            }
            if relation == .adjacentPairs && dataset.counties.isEmpty {
                error(file, nil, t.id, "an adjacent-pairs target needs county polygons (layers.counties)")
                continue
            }
            var ok = true
            func selection(_ entries: [DatasetManifest.PlaceSelectionEntry], _ role: String) -> PlaceSelection {
                var parts: [PlaceSelection.Part] = []
                for (i, e) in entries.enumerated() {
                    guard let layer = PlaceSelection.Layer(rawValue: e.layer ?? "settlements") else {
                        error(
                            file, nil, t.id,
                            "\(role)[\(i)]: unknown layer \"\(e.layer ?? "")\" (settlements, constituents or interchanges)"
                        )
                        ok = false
                        continue
                    }
                    var criteria: [Selection.Criterion] = []
                    if let v = e.id { criteria.append(.id(v)) }
                    if let v = e.level { criteria.append(.level(v)) }
                    if let v = e.function_type { criteria.append(.functionType(v)) }
                    if let v = e.sub_class { criteria.append(.subClass(v)) }
                    if let v = e.county { criteria.append(.county(v)) }
                    if let v = e.kind { criteria.append(.kind(v)) }
                    if layer != .settlements && (e.level ?? e.function_type ?? e.sub_class ?? e.county) != nil {
                        error(
                            file, nil, t.id, "\(role)[\(i)]: the \(layer.rawValue) layer takes only id and kind filters"
                        )
                        ok = false
                    }
                    let part = PlaceSelection.Part(
                        layer: layer, criteria: layer == .settlements ? criteria : [], ids: e.id ?? [],
                        kinds: e.kind ?? [])
                    if layer != .interchanges {
                        do {
                            let found = try PlaceSelection([part]).places(in: dataset, network: nil, scenario: nil)
                            if found.isEmpty {
                                error(file, nil, t.id, "\(role)[\(i)] selects nothing")
                                ok = false
                            }
                        } catch {
                            self.error(file, nil, t.id, "\(role)[\(i)]: \(error)")
                            ok = false
                        }
                    }
                    parts.append(part)
                }
                return PlaceSelection(parts)
            }
            let origins = selection(t.origins, "origins")
            let destinations = t.destinations.map { selection($0, "destinations") }
            guard ok else { continue }
            out.append(
                TravelTimeTarget(
                    id: t.id, planSentence: t.plan_sentence, planSection: t.plan_section, relation: relation,
                    origins: origins, destinations: destinations, minutes: t.minutes, status: status, note: t.note))
        }
        return out
    }

    mutating func readServiceTargets(_ m: DatasetManifest, _ places: Gazetteer) -> [ExpresswayServiceTarget] {
        let file = DatasetManifest.fileName
        var serviceTargets: [ExpresswayServiceTarget] = []
        for t in m.service_targets ?? [] {
            guard let status = TravelTimeTarget.Status(rawValue: t.status) else {
                error(file, nil, t.id, "target status \"\(t.status)\" is unknown (binding or indicative)")
                continue
            }
            guard t.min_expressways > 0, (t.within_km ?? 0) >= 0 else {
                error(file, nil, t.id, "min_expressways must be positive and within_km not negative")
                continue
            }
            if places.counties.isEmpty {
                error(file, nil, t.id, "a service target needs county polygons")
                continue
            }
            serviceTargets.append(
                ExpresswayServiceTarget(
                    id: t.id, planSentence: t.plan_sentence, planSection: t.plan_section,
                    minimumRoutes: t.min_expressways,
                    withinKm: t.within_km ?? 0, status: status, note: t.note))
        }
        return serviceTargets
    }

    mutating func readLayout(_ m: DatasetManifest, _ dataset: Gazetteer) -> SpatialLayout? {
        guard let l = m.layout else { return nil }
        let file = DatasetManifest.fileName
        var elements: [LayoutElement] = []
        let places = Dictionary(dataset.places.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for e in l.elements {
            guard let kind = LayoutElement.Kind(rawValue: e.kind) else {
                error(file, nil, e.id, "layout element kind \"\(e.kind)\" is unknown (area or axis)")
                continue
            }
            var members: [Place] = []
            for id in e.members {
                guard let p = places[id] else {
                    error(file, nil, e.id, "layout member \"\(id)\" is not a settlement or constituent")
                    continue
                }
                guard p.location != nil else {
                    error(file, nil, e.id, "layout member \"\(id)\" is not located")
                    continue
                }
                members.append(p)
            }
            if kind == .axis && e.members.count < 2 { error(file, nil, e.id, "an axis needs at least two members") }
            elements.append(
                LayoutElement(
                    id: e.id, nameZh: e.primaryName, kind: kind, members: members, planSentence: e.plan_sentence,
                    note: e.note))
        }
        let buffer = l.buffer_km ?? 5
        if !(buffer.isFinite && buffer >= 0) { error(file, nil, nil, "layout.buffer_km must be a non-negative number") }
        return SpatialLayout(bufferKm: buffer, patternSentence: l.pattern_sentence, elements: elements)
    }
}
