import Foundation
import Yams

/// The shape of `dataset.yaml`, checked before decoding so that every missing key and every
/// value of the wrong kind is reported at once (a decoder stops at the first).
indirect enum ManifestShape: Sendable {
    case string, number, integer, boolean, any
    case list(ManifestShape)
    case map([ManifestKey], needsName: Bool = false)
    /// A file name, or a mapping with `file` and more.
    case layer
    /// A mapping from strings to strings.
    case stringMap
}

struct ManifestKey: Sendable {
    let name: String
    let required: Bool
    let shape: ManifestShape

    init(_ name: String, _ shape: ManifestShape, required: Bool = false) {
        self.name = name
        self.shape = shape
        self.required = required
    }
}

enum ManifestSchema {
    static func key(_ n: String, _ s: ManifestShape) -> ManifestKey { ManifestKey(n, s) }
    static func req(_ n: String, _ s: ManifestShape) -> ManifestKey { ManifestKey(n, s, required: true) }
    static var names: [ManifestKey] { [key("name", .string), key("name_zh", .string), key("name_en", .string)] }

    static var roadClass: ManifestShape {
        .map(
            [
                req("id", .string), req("speed_kmh", .number), key("speed_low_kmh", .number),
                key("speed_high_kmh", .number),
                key("controlled_access", .boolean), key("attachable", .boolean), key("speed_source", .string),
                key("mode", .string),
            ] + names, needsName: true)
    }
    static var network: ManifestShape {
        .map([
            key("id", .string), key("file", .string), req("description", .string), key("credit", .string),
            key("rules", .list(.string)), key("separate_expressway_layer", .boolean), key("layer", .string),
            key("crs", .string), key("encoding", .string), key("snap_tolerance_m", .number),
            key("interchange_tolerance_m", .number), key("access_speed_kmh", .number), key("max_attach_m", .number),
            key("ramp_speed_kmh", .number), req("classes", .list(roadClass)),
        ])
    }
    static var selection: ManifestShape {
        .map([
            key("layer", .string), key("id", .list(.string)), key("level", .list(.string)),
            key("function_type", .list(.string)), key("sub_class", .list(.string)), key("county", .list(.string)),
            key("kind", .list(.string)),
        ])
    }
    static var manifest: ManifestShape {
        .map([
            req("name", .string), req("title", .string), key("region", .string),
            req(
                "plan",
                .map([
                    req("title", .string), key("title_note", .string), key("base_year", .integer),
                    key("start_year", .integer), key("end_year", .integer), key("seed", .string),
                    key("period_sentence", .string), key("targets_status_sentence", .string),
                ])),
            key("structure_sentence", .string), key("function_types_sentence", .string), key("crs", .string),
            key("datum", .string),
            key("metric_crs", .string),
            req("layers", .map([req("settlements", .layer), key("counties", .layer)])),
            req(
                "levels",
                .list(
                    .map(
                        [
                            req("id", .string), req("rank", .integer), key("stated_count", .integer),
                            key("plan_sentence", .string), key("note", .string),
                        ] + names, needsName: true))),
            key(
                "sub_classes",
                .list(
                    .map(
                        [
                            req("id", .string), req("level", .string), key("stated_count", .integer),
                            key("plan_sentence", .string), key("note", .string),
                        ] + names, needsName: true))),
            key(
                "function_types",
                .list(
                    .map(
                        [req("id", .string), key("stated_count", .integer), key("plan_sentence", .string)] + names,
                        needsName: true))),
            key("network", network), key("networks", .list(network)), key("default_network", .string),
            key(
                "targets",
                .list(
                    .map([
                        req("id", .string), req("plan_sentence", .string), key("plan_section", .string),
                        req("relation", .string), req("origins", .list(selection)),
                        key("destinations", .list(selection)),
                        req("minutes", .number), req("status", .string), key("note", .string),
                    ]))),
            key(
                "service_targets",
                .list(
                    .map([
                        req("id", .string), req("plan_sentence", .string), key("plan_section", .string),
                        req("min_expressways", .integer), key("within_km", .number), req("status", .string),
                        key("note", .string),
                    ]))),
            key(
                "attributes",
                .list(
                    .map(
                        [req("id", .string), key("unit", .string), key("plan_sentence", .string)] + names,
                        needsName: true))),
            key(
                "layout",
                .map([
                    key("buffer_km", .number), key("pattern_sentence", .string),
                    req(
                        "elements",
                        .list(
                            .map(
                                [
                                    req("id", .string), req("kind", .string), req("members", .list(.string)),
                                    key("plan_sentence", .string), key("note", .string),
                                ] + names, needsName: true))),
                ])),
        ])
    }

    /// Every problem of the manifest's shape, in document order (empty when none).
    static func problems(_ text: String) -> [String] {
        guard let root = try? Yams.compose(yaml: text) else { return [] }  // the decoder says why
        var out: [String] = []
        check(root, manifest, at: "", into: &out)
        return out
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            return s.string == "null" || s.string == "~" || s.string.isEmpty ? "null" : "\"\(s.string)\""
        case .alias: return "an alias"
        }
    }

    static func check(_ node: Node, _ shape: ManifestShape, at path: String, into out: inout [String]) {
        func bad(_ wanted: String) { out.append("\(path): expected \(wanted), found \(kind(node))") }
        switch shape {
        case .any: return
        case .string:
            if case .scalar = node { return }
            bad("text")
        case .number:
            guard case .scalar(let s) = node, Double(s.string) != nil else { return bad("a number") }
        case .integer:
            guard case .scalar(let s) = node, Int(s.string) != nil || s.string == "null" else {
                return bad("a whole number")
            }
        case .boolean:
            guard case .scalar(let s) = node, ["true", "false", "yes", "no"].contains(s.string.lowercased()) else {
                return bad("true or false")
            }
        case .stringMap:
            guard case .mapping = node else { return bad("a mapping of names") }
        case .layer:
            if case .scalar = node { return }
            check(
                node,
                .map([
                    req("file", .string), key("layer", .string), key("crs", .string), key("encoding", .string),
                    key("x_field", .string), key("y_field", .string), key("fields", .stringMap), key("datum", .string),
                ]), at: path, into: &out)
        case .list(let element):
            guard case .sequence(let items) = node else { return bad("a list") }
            for (i, item) in items.enumerated() { check(item, element, at: "\(path)[\(i)]", into: &out) }
        case .map(let keys, let needsName):
            guard case .mapping(let m) = node else { return bad("a mapping") }
            var present = Set<String>()
            for (k, v) in m {
                guard let name = k.string else { continue }
                present.insert(name)
                if let key = keys.first(where: { $0.name == name }) {
                    if case .scalar(let s) = v, s.string == "null" || s.string == "~", !key.required { continue }
                    check(v, key.shape, at: path.isEmpty ? name : "\(path).\(name)", into: &out)
                }
            }
            for key in keys where key.required && !present.contains(key.name) {
                out.append("missing key \"\(key.name)\"" + (path.isEmpty ? "" : " in \(path)"))
            }
            if needsName && present.isDisjoint(with: ["name", "name_zh", "name_en"]) {
                out.append("missing a name (name, name_zh or name_en)" + (path.isEmpty ? "" : " in \(path)"))
            }
        }
    }
}
