// The manifest mirrors the YAML keys as written on disk (snake_case).
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Foundation
import OSMKit
import TownGraphModel
import Yams

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
    struct Layers: Decodable {
        var settlements: String
        var counties: String?
    }
    struct LevelEntry: Decodable {
        var id: String
        var rank: Int
        var name_zh: String
        var name_en: String
        var stated_count: Int?
        var plan_sentence: String?
        var note: String?
    }
    struct SubClassEntry: Decodable {
        var id: String
        var level: String
        var name_zh: String
        var name_en: String
        var stated_count: Int?
        var plan_sentence: String?
        var note: String?
    }
    struct FunctionTypeEntry: Decodable {
        var id: String
        var name_zh: String
        var name_en: String
        var stated_count: Int?
        var plan_sentence: String?
    }

    struct RoadClassEntry: Decodable {
        var id: String
        var name_zh: String
        var name_en: String
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
    struct AttributeEntry: Decodable {
        var id: String
        var name_zh: String
        var name_en: String
        var unit: String?
        var plan_sentence: String?
    }
    struct LayoutElementEntry: Decodable {
        var id: String
        var name_zh: String
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

    /// Decodes manifest bytes (`directory` names the dataset in errors).
    static func decode(_ data: Data, directory: String) throws -> DatasetManifest {
        let text = String(decoding: data, as: UTF8.self)
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
