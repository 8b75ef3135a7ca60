import GeoKit
import JSONKit

/// A planning unit of the town system: one member of the plan's hierarchy, with exactly one
/// level and one function type. It may be a town, a township, a county seat, a functional
/// zone or a composite urban area made of constituent units (主城区 = 东城 + 西城 + 垦利城区 + 六户镇).
public struct Settlement: Hashable, Sendable, Identifiable {
    public let id: String
    public let nameZh: String
    public let namePinyin: String
    /// What sort of place the unit is ("town", "township", "urban-area", "functional-zone"...).
    public let kind: String
    public let level: Level
    public let subClass: SubClass?
    /// The unit's functional type, when the dataset declares a type system (Yantai's plan,
    /// for one, gives free-text roles instead).
    public let functionType: FunctionType?
    public let population: PopulationBand?
    /// The id of the county-level unit (县区) the unit lies in.
    public let county: String
    /// The 12-digit 2023 statistical code (统计用区划代码), where the unit is a statistical unit.
    public let statsCode: String?
    /// Ids of the constituent units the plan says it contains (含…).
    public let constituents: [String]
    /// Free-text roles the plan gives the unit (定位), often several; separate from level.
    public let roles: [String]
    /// Values of the dataset's declared attributes, by attribute id (numbers or text).
    public let attributes: [String: AttributeValue]
    /// The point that represents the unit, in WGS84; nil when no source locates it.
    public let location: Coordinate?
    public let coordinateSource: String?
    /// A: the unit's own point; B: a representative point (a government seat standing for
    /// the unit); C: a proxy or derived point; none: not located.
    public let coordinateQuality: String
    public let coordinateNote: String?
    /// Position of the feature in its file, for messages and stable ordering.
    public let featureIndex: Int

    public var isLocated: Bool { location != nil }

    public init(
        id: String, nameZh: String, namePinyin: String, kind: String, level: Level, subClass: SubClass?,
        functionType: FunctionType?, population: PopulationBand?, county: String, statsCode: String?,
        constituents: [String], roles: [String], attributes: [String: AttributeValue], location: Coordinate?,
        coordinateSource: String?, coordinateQuality: String, coordinateNote: String?, featureIndex: Int
    ) {
        self.id = id
        self.nameZh = nameZh
        self.namePinyin = namePinyin
        self.kind = kind
        self.level = level
        self.subClass = subClass
        self.functionType = functionType
        self.population = population
        self.county = county
        self.statsCode = statsCode
        self.constituents = constituents
        self.roles = roles
        self.attributes = attributes
        self.location = location
        self.coordinateSource = coordinateSource
        self.coordinateQuality = coordinateQuality
        self.coordinateNote = coordinateNote
        self.featureIndex = featureIndex
    }
}

/// A place the plan names as part of a planning unit (the 含… of 主城区(含六户镇)). It has its
/// own point and may be referred to on its own elsewhere in the plan (董集镇 in a priority zone).
public struct ConstituentUnit: Hashable, Sendable, Identifiable {
    public let id: String
    public let nameZh: String
    public let namePinyin: String
    public let kind: String
    /// The id of the planning unit that contains it.
    public let partOf: String
    public let county: String
    public let statsCode: String?
    public let location: Coordinate?
    public let coordinateSource: String?
    public let coordinateQuality: String
    public let coordinateNote: String?
    public let planSentence: String?
    public let featureIndex: Int

    public init(
        id: String, nameZh: String, namePinyin: String, kind: String, partOf: String, county: String,
        statsCode: String?, location: Coordinate?, coordinateSource: String?, coordinateQuality: String,
        coordinateNote: String?, planSentence: String?, featureIndex: Int
    ) {
        self.id = id
        self.nameZh = nameZh
        self.namePinyin = namePinyin
        self.kind = kind
        self.partOf = partOf
        self.county = county
        self.statsCode = statsCode
        self.location = location
        self.coordinateSource = coordinateSource
        self.coordinateQuality = coordinateQuality
        self.coordinateNote = coordinateNote
        self.planSentence = planSentence
        self.featureIndex = featureIndex
    }
}

/// A place outside the plan's own hierarchy that a target or the layout names: another city
/// (济南 for Yantai's 2-hour target), a belt member across the boundary (青岛即墨).
public struct ExternalPlace: Hashable, Sendable, Identifiable {
    public let id: String
    public let nameZh: String
    public let namePinyin: String
    public let kind: String
    public let location: Coordinate
    public let coordinateSource: String?
    public let note: String?
    public let featureIndex: Int

    public init(
        id: String, nameZh: String, namePinyin: String, kind: String, location: Coordinate, coordinateSource: String?,
        note: String?, featureIndex: Int
    ) {
        self.id = id
        self.nameZh = nameZh
        self.namePinyin = namePinyin
        self.kind = kind
        self.location = location
        self.coordinateSource = coordinateSource
        self.note = note
        self.featureIndex = featureIndex
    }
}

/// A county-level unit (县/区) with its boundary in WGS84.
public struct County: Hashable, Sendable, Identifiable {
    public let id: String
    public let nameZh: String
    public let namePinyin: String
    public let kind: String
    /// The administrative code (6 digits), when known.
    public let adcode: String?
    public let source: String?
    public let boundary: Geometry
    public let featureIndex: Int

    public init(
        id: String, nameZh: String, namePinyin: String, kind: String, adcode: String?, source: String?,
        boundary: Geometry, featureIndex: Int
    ) {
        self.id = id
        self.nameZh = nameZh
        self.namePinyin = namePinyin
        self.kind = kind
        self.adcode = adcode
        self.source = source
        self.boundary = boundary
        self.featureIndex = featureIndex
    }
}

/// A settlement attribute's value: a number or a text.
public enum AttributeValue: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var description: String {
        switch self {
        case .number(let n): return JSONValue.format(n)
        case .text(let t): return t
        }
    }
}
