// The manifest mirrors the YAML keys as written on disk (snake_case).
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Foundation
import OSMKit
import TownGraphModel
import Yams

/// An entry with a name: `name` (in any language) and `name_zh`, `name_en` (the Chinese
/// name first where present).
protocol NamedEntry {
    var name: String? { get }
    var name_zh: String? { get }
    var name_en: String? { get }
}

extension NamedEntry {
    /// The name shown first: the Chinese one where present.
    var primaryName: String { name_zh ?? name ?? name_en ?? "" }
    /// The English (or other) name shown beside it.
    var secondaryName: String { name_en ?? name ?? name_zh ?? "" }
}

/// The manifest file of a dataset (`dataset.yaml`), as written on disk.
struct DatasetManifest: Decodable {
    struct Plan: Decodable {
        var title: String
        var title_note: String?
        var base_year: Int?
        var start_year: Int?
        var end_year: Int?
        var seed: String?
        var period_sentence: String?
        var targets_status_sentence: String?
    }
    /// A layer: a file name, or a mapping with the file and how to read it.
    struct LayerEntry: Decodable {
        var file: String
        var layer: String?
        var crs: String?
        var encoding: String?
        var x_field: String?
        var y_field: String?
        /// TownGraph property name → the file's column name.
        var fields: [String: String]?
        var datum: String?

        private enum Keys: String, CodingKey { case file, layer, crs, encoding, x_field, y_field, fields, datum }

        init(from decoder: Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                file = name
                return
            }
            let c = try decoder.container(keyedBy: Keys.self)
            file = try c.decode(String.self, forKey: .file)
            layer = try c.decodeIfPresent(String.self, forKey: .layer)
            crs = try c.decodeIfPresent(String.self, forKey: .crs)
            encoding = try c.decodeIfPresent(String.self, forKey: .encoding)
            x_field = try c.decodeIfPresent(String.self, forKey: .x_field)
            y_field = try c.decodeIfPresent(String.self, forKey: .y_field)
            fields = try c.decodeIfPresent([String: String].self, forKey: .fields)
            datum = try c.decodeIfPresent(String.self, forKey: .datum)
        }

        /// How messages name the layer: its file, and its layer when it names one.
        var label: String { layer.map { "\(file) (layer \($0))" } ?? file }

        func options(defaultCRS: String?, defaultDatum: String?) -> LayerReadOptions {
            var o = LayerReadOptions(
                layer: layer, crs: crs, defaultCRS: defaultCRS, encoding: encoding, xField: x_field, yField: y_field,
                fields: fields ?? [:])
            o.datum = datum ?? defaultDatum
            return o
        }
    }
    struct Layers: Decodable {
        var settlementsEntry: LayerEntry
        var countiesEntry: LayerEntry?
        /// The layers' names as messages give them.
        var settlements: String { settlementsEntry.label }
        var counties: String? { countiesEntry?.label }

        private enum CodingKeys: String, CodingKey {
            case settlementsEntry = "settlements"
            case countiesEntry = "counties"
        }
    }
    struct LevelEntry: Decodable, NamedEntry {
        var id: String
        var rank: Int
        var name: String?
        var name_zh: String?
        var name_en: String?
        var stated_count: Int?
        var plan_sentence: String?
        var note: String?
    }
    struct SubClassEntry: Decodable, NamedEntry {
        var id: String
        var level: String
        var name: String?
        var name_zh: String?
        var name_en: String?
        var stated_count: Int?
        var plan_sentence: String?
        var note: String?
    }
    struct FunctionTypeEntry: Decodable, NamedEntry {
        var id: String
        var name: String?
        var name_zh: String?
        var name_en: String?
        var stated_count: Int?
        var plan_sentence: String?
    }

    struct RoadClassEntry: Decodable, NamedEntry {
        var id: String
        var name: String?
        var name_zh: String?
        var name_en: String?
        var speed_kmh: Double
        var controlled_access: Bool?
        var attachable: Bool?
        var speed_source: String?
        var mode: String?
        var speed_low_kmh: Double?
        var speed_high_kmh: Double?
    }
    struct NetworkEntry: Decodable {
        var id: String?
        var file: String?
        var credit: String?
        var rules: [String]?
        var separate_expressway_layer: Bool?
        var layer: String?
        var crs: String?
        var encoding: String?
        var description: String
        var classes: [RoadClassEntry]
        var snap_tolerance_m: Double?
        var interchange_tolerance_m: Double?
        var access_speed_kmh: Double?
        var max_attach_m: Double?
        var ramp_speed_kmh: Double?
    }
    struct PlaceSelectionEntry: Decodable {
        var layer: String?
        var id: [String]?
        var level: [String]?
        var function_type: [String]?
        var sub_class: [String]?
        var county: [String]?
        var kind: [String]?
    }
    struct TargetEntry: Decodable {
        var id: String
        var plan_sentence: String
        var plan_section: String?
        var relation: String
        var origins: [PlaceSelectionEntry]
        var destinations: [PlaceSelectionEntry]?
        var minutes: Double
        var status: String
        var note: String?
    }

    struct ServiceTargetEntry: Decodable {
        var id: String
        var plan_sentence: String
        var plan_section: String?
        var min_expressways: Int
        var within_km: Double?
        var status: String
        var note: String?
    }
    struct AttributeEntry: Decodable, NamedEntry {
        var id: String
        var name: String?
        var name_zh: String?
        var name_en: String?
        var unit: String?
        var plan_sentence: String?
    }
    struct LayoutElementEntry: Decodable, NamedEntry {
        var name_en: String? { nil }
        var id: String
        var name: String?
        var name_zh: String?
        var kind: String
        var members: [String]
        var plan_sentence: String?
        var note: String?
    }
    struct LayoutEntry: Decodable {
        var buffer_km: Double?
        var pattern_sentence: String?
        var elements: [LayoutElementEntry]
    }

    var name: String
    var title: String
    var region: String?
    var plan: Plan
    var structure_sentence: String?
    var function_types_sentence: String?
    var crs: String?
    /// `gcj02` when every layer's coordinates come from a Chinese web map.
    var datum: String?
    var metric_crs: String?
    var layers: Layers
    var levels: [LevelEntry]
    var sub_classes: [SubClassEntry]?
    var function_types: [FunctionTypeEntry]?
    var network: NetworkEntry?
    var networks: [NetworkEntry]?
    var default_network: String?
    var targets: [TargetEntry]?
    var layout: LayoutEntry?
    var attributes: [AttributeEntry]?
    var service_targets: [ServiceTargetEntry]?

    static let fileName = "dataset.yaml"

    /// Reads and decodes the manifest; the error names the file and the key that is wrong.
    static func read(directory: String) throws -> DatasetManifest {
        let path = (directory as NSString).appendingPathComponent(fileName)
        if let problem = InputFileCheck.problem(path), problem != "no such file" {
            throw InputError(
                .dataset, source: directory,
                issues: [DatasetIssue(.error, file: fileName, "cannot read \(path): \(problem)")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(
                .dataset, source: directory,
                issues: [
                    DatasetIssue(
                        .error, file: fileName,
                        "cannot read \(path): no such file (a dataset folder holds dataset.yaml, settlements.geojson and counties.geojson)"
                    )
                ])
        }
        InputFiles.record(path)
        return try decode(data, directory: directory)
    }

    /// Decodes manifest bytes (`directory` names the dataset in errors). Every missing key
    /// and value of the wrong kind is reported at once (``ManifestSchema``).
    static func decode(_ data: Data, directory: String) throws -> DatasetManifest {
        let text = String(decoding: data, as: UTF8.self)
        let problems = ManifestSchema.problems(text)
        if !problems.isEmpty {
            throw InputError(
                .dataset, source: directory, issues: problems.map { DatasetIssue(.error, file: fileName, $0) })
        }
        do {
            return try YAMLDecoder().decode(DatasetManifest.self, from: text)
        } catch let error as DecodingError {
            throw InputError(
                .dataset, source: directory, issues: [DatasetIssue(.error, file: fileName, describe(error))])
        } catch {
            throw InputError(
                .dataset, source: directory, issues: [DatasetIssue(.error, file: fileName, "not valid YAML: \(error)")])
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let at = path(ctx.codingPath)
            return "missing key \"\(key.stringValue)\"" + (at.isEmpty ? "" : " in \(at)")
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        case .dataCorrupted(let ctx):
            return "not valid YAML: \(ctx.debugDescription)" + (ctx.underlyingError.map { " (\($0))" } ?? "")
        @unknown default:
            return "\(error)"
        }
    }
}
