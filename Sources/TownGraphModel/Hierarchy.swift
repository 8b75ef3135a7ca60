/// A level of the plan's settlement hierarchy (城镇规模结构), such as 重点镇 (key town).
///
/// Levels are declared by a dataset's manifest, never by code: Dongying's four levels,
/// Yantai's or a province's fit the same type. `rank` 1 is the top of the hierarchy.
public struct Level: Hashable, Sendable, Identifiable {
    public let id: String
    public let rank: Int
    public let nameZh: String
    public let nameEn: String
    /// How many units the plan says the level has, when it states a number.
    public let statedCount: Int?
    /// The plan's sentence that defines the level and lists its members.
    public let planSentence: String?
    public let note: String?

    public init(
        id: String, rank: Int, nameZh: String, nameEn: String, statedCount: Int?, planSentence: String?, note: String?
    ) {
        self.id = id
        self.rank = rank
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.statedCount = statedCount
        self.planSentence = planSentence
        self.note = note
    }
}

/// A sub-class within a level, such as 特色镇 (featured town) among the 小城镇.
public struct SubClass: Hashable, Sendable, Identifiable {
    public let id: String
    /// The id of the level the sub-class belongs to.
    public let level: String
    public let nameZh: String
    public let nameEn: String
    public let statedCount: Int?
    public let planSentence: String?
    public let note: String?

    public init(
        id: String, level: String, nameZh: String, nameEn: String, statedCount: Int?, planSentence: String?,
        note: String?
    ) {
        self.id = id
        self.level = level
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.statedCount = statedCount
        self.planSentence = planSentence
        self.note = note
    }
}

/// A functional type (城镇职能), such as 工业商贸型 (industry and commerce).
public struct FunctionType: Hashable, Sendable, Identifiable {
    public let id: String
    public let nameZh: String
    public let nameEn: String
    public let statedCount: Int?
    public let planSentence: String?

    public init(id: String, nameZh: String, nameEn: String, statedCount: Int?, planSentence: String?) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.statedCount = statedCount
        self.planSentence = planSentence
    }
}

/// The population size the plan sets for a unit (人口规模), as a band.
///
/// Either end may be open: 小于1万人 has no minimum and a maximum of 10,000.
public struct PopulationBand: Hashable, Sendable, CustomStringConvertible {
    public let minimum: Int?
    public let maximum: Int?
    /// The band as the plan writes it, for example "10—30万人".
    public let stated: String

    /// The largest population a band may state (ten billion, more than any region holds).
    public static let largest = 10_000_000_000.0

    public init(minimum: Int?, maximum: Int?, stated: String) {
        self.minimum = minimum
        self.maximum = maximum
        self.stated = stated
    }

    /// The middle of the band. A band open below (小于1万人) runs from 0; a band open above
    /// has no middle, and its minimum stands in.
    public var midpoint: Double? {
        switch (minimum, maximum) {
        case (let lo?, let hi?): return Double(lo + hi) / 2
        case (let lo?, nil): return Double(lo)
        case (nil, let hi?): return Double(hi) / 2
        case (nil, nil): return nil
        }
    }

    public var description: String {
        func f(_ n: Int?) -> String { n.map(String.init) ?? "" }
        return "\(stated) [\(f(minimum))–\(f(maximum))]"
    }
}

/// A per-settlement value a dataset declares beyond level and type, such as Binzhou's 2025
/// urbanization-rate targets (城镇化率目标). Values live in each feature's properties under `id`.
public struct SettlementAttribute: Hashable, Sendable, Identifiable {
    public let id: String
    public let nameZh: String
    public let nameEn: String
    public let unit: String?
    public let planSentence: String?

    public init(id: String, nameZh: String, nameEn: String, unit: String?, planSentence: String?) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.unit = unit
        self.planSentence = planSentence
    }
}

/// The plan's settlement hierarchy as a vocabulary: its levels in rank order (top first),
/// the sub-classes within levels, and the functional types. Declared by a dataset's
/// manifest; every settlement has one level and, when types are declared, one type.
public struct Hierarchy: Hashable, Sendable {
    public let levels: [Level]
    public let subClasses: [SubClass]
    public let functionTypes: [FunctionType]

    public init(levels: [Level], subClasses: [SubClass], functionTypes: [FunctionType]) {
        self.levels = levels
        self.subClasses = subClasses
        self.functionTypes = functionTypes
    }

    public func level(id: String) -> Level? { levels.first { $0.id == id } }
    public func subClass(id: String) -> SubClass? { subClasses.first { $0.id == id } }
    public func functionType(id: String) -> FunctionType? { functionTypes.first { $0.id == id } }
}
