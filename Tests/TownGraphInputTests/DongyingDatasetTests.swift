import Foundation
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphModel
@testable import TownGraphOutput

/// The bundled dataset against the plan's own lists (seed 000, section 三(二)).
@Suite struct DongyingDatasetTests {
    /// Members per level, transcribed from the plan's sentences (composite units by their
    /// planning-unit name, without the 含… part).
    static let levels: [String: [String]] = [
        "regional-centre": ["主城区"],
        "county-centre": ["河口城区", "广饶县城", "利津县城", "黄三角农高区", "东营港城"],
        "key-town": ["大王镇", "胜坨镇", "稻庄镇", "史口镇", "陈庄镇", "孤岛镇", "西郊现代服务区", "牛庄镇"],
        "small-town": [
            "黄河口镇", "龙居镇", "北宋镇", "李鹊镇", "盐窝镇", "永安镇", "义和镇", "新户镇", "大码头镇", "陈官镇", "花官镇", "汀罗镇", "明集乡", "刁口乡",
        ],
    ]
    static let types: [String: [String]] = [
        "comprehensive": ["主城区", "河口城区", "广饶县城", "利津县城"],
        "industry-commerce": ["东营港城", "史口镇", "牛庄镇", "胜坨镇", "西郊现代服务区", "孤岛镇", "大王镇", "稻庄镇", "陈庄镇", "明集乡"],
        "agriculture-fishery": ["永安镇", "新户镇", "刁口乡", "黄三角农高区", "义和镇", "大码头镇", "陈官镇", "花官镇", "李鹊镇", "盐窝镇", "汀罗镇"],
        "eco-tourism": ["龙居镇", "黄河口镇", "北宋镇"],
    ]
    static let subClasses: [String: [String]] = [
        "featured-town": ["黄河口镇", "龙居镇", "北宋镇"],
        "ordinary-township": ["李鹊镇", "盐窝镇", "永安镇", "义和镇", "新户镇", "大码头镇", "陈官镇", "花官镇", "汀罗镇", "明集乡", "刁口乡"],
    ]

    @Test func loadsWithThePlansCounts() throws {
        let d = try dongying()
        #expect(d.settlements.count == 28)
        #expect(d.constituents.count == 7)
        #expect(d.counties.count == 5)
        #expect(d.levels.map(\.nameZh) == ["区域中心城市", "县城或功能区中心城镇", "重点镇", "小城镇"])
        #expect(d.functionTypes.map(\.nameZh) == ["综合型", "工业商贸型", "现代农渔型", "生态旅游型"])
        #expect(d.metricCRS == "EPSG:4549")
        #expect(Set(d.counties.map(\.nameZh)) == ["东营区", "河口区", "垦利区", "广饶县", "利津县"])
    }

    @Test(arguments: Array(levels.keys))
    func levelMembersAreThePlansList(level: String) throws {
        let d = try dongying()
        let found = try Selection([.level([level])]).apply(to: d).map(\.nameZh)
        #expect(Set(found) == Set(Self.levels[level]!))
        #expect(found.count == Self.levels[level]!.count)
        if let sentence = d.level(id: level)?.planSentence {
            for name in Self.levels[level]! { #expect(sentence.contains(name), "\(name) not in \(sentence)") }
        }
    }

    @Test(arguments: Array(types.keys))
    func functionTypeMembersAreThePlansList(type: String) throws {
        let d = try dongying()
        let found = try Selection([.functionType([type])]).apply(to: d).map(\.nameZh)
        #expect(Set(found) == Set(Self.types[type]!))
        #expect(found.count == Self.types[type]!.count)
        let sentence = try #require(d.functionType(id: type)?.planSentence)
        for name in Self.types[type]! { #expect(sentence.contains(name)) }
    }

    @Test(arguments: Array(subClasses.keys))
    func subClassMembersAreThePlansList(subClass: String) throws {
        let d = try dongying()
        let found = try Selection([.subClass([subClass])]).apply(to: d).map(\.nameZh)
        #expect(Set(found) == Set(Self.subClasses[subClass]!))
    }

    @Test func containmentFollowsThePlan() throws {
        let d = try dongying()
        let parts = Dictionary(grouping: d.constituents, by: \.partOf).mapValues { Set($0.map(\.nameZh)) }
        #expect(parts["zhuchengqu"] == ["东城", "西城", "垦利城区", "六户镇"])
        #expect(parts["dongying-gangcheng"] == ["仙河镇"])
        #expect(parts["xijiao-fuwuqu"] == ["董集镇", "郝家镇"])
        #expect(d.settlement(id: "zhuchengqu")?.constituents == ["dongcheng", "xicheng", "kenli-chengqu", "liuhu"])
    }

    @Test func populationBandsAndSoftFindings() throws {
        let d = try dongying()
        #expect(
            d.settlement(id: "zhuchengqu")?.population
                == PopulationBand(minimum: 1_000_000, maximum: 1_500_000, stated: "100—150万人"))
        #expect(
            d.settlement(id: "niuzhuang")?.population == PopulationBand(minimum: nil, maximum: 10_000, stated: "小于1万人"))
        let warned = Set(d.warnings.compactMap(\.featureId))
        // 大王镇 is as large as a county seat; 牛庄镇 is under 10,000; 刁口乡 is not located.
        #expect(warned.isSuperset(of: ["dawang", "niuzhuang", "diaokou"]))
        #expect(d.warnings.allSatisfy { $0.severity == .warning && $0.file == "settlements.geojson" })
        #expect(d.unlocated.map(\.id) == ["diaokou"])
        let dawang = try #require(d.warnings.first { $0.featureId == "dawang" })
        #expect(dawang.message.contains("as large as") && dawang.featureIndex == 6)
    }

    @Test func codesAreTheNBS2023Codes() throws {
        let d = try dongying()
        #expect(d.settlement(id: "dawang")?.statsCode == "370523101000")
        #expect(d.settlement(id: "mingji")?.statsCode == "370522201000")
        #expect(d.settlement(id: "diaokou")?.statsCode == "370522206000")
        #expect(d.settlement(id: "zhuchengqu")?.statsCode == nil)
        for s in d.settlements where s.kind == "town" || s.kind == "township" {
            #expect(s.statsCode?.count == 12, "\(s.nameZh)")
        }
    }

    @Test func pointsLieInTheirCountiesByShapely() throws {
        // Independent check: shapely decides which county polygon holds each point.
        let out = try Python.run(
            """
            import json, sys
            from shapely.geometry import shape, Point
            root = sys.argv[0]
            counties = json.load(open(sys.stdin.readline().strip() + "/counties.geojson"))["features"]
            polys = [(f["id"], shape(f["geometry"])) for f in counties]
            d = sys.stdin.readline().strip()
            res = {}
            for f in json.load(open(d + "/settlements.geojson"))["features"]:
                if f["geometry"] is None: continue
                p = Point(f["geometry"]["coordinates"])
                res[f["id"]] = [cid for cid, poly in polys if poly.covers(p)]
            print(json.dumps(res))
            """, input: TestPaths.dongying.path + "\n" + TestPaths.dongying.path + "\n")
        let hits = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: [String]]
        let d = try dongying()
        #expect(hits.count == 27 + 7)
        for s in d.settlements where s.isLocated { #expect(hits[s.id] == [s.county], "\(s.nameZh)") }
        for c in d.constituents { #expect(hits[c.id] == [c.county], "\(c.nameZh)") }
    }

    static let seedExists = FileManager.default.fileExists(
        atPath: TestPaths.shared.appendingPathComponent("seeds").path)

    /// Traceability: every sentence the manifest quotes occurs verbatim in the plan text.
    /// Needs ../shared beside the checkout, as CI has.
    @Test(.enabled(if: seedExists, "../shared/seeds is not beside the checkout"))
    func manifestSentencesAreVerbatimInThePlan() throws {
        let d = try dongying()
        let seed = try #require(d.plan.seed)
        let text = try String(contentsOf: TestPaths.shared.appendingPathComponent("seeds/\(seed)"), encoding: .utf8)
        let sentences =
            d.levels.compactMap(\.planSentence) + d.functionTypes.compactMap(\.planSentence)
            + d.subClasses.compactMap(\.planSentence) + Array(d.plan.sentences.values)
            + d.constituents.compactMap(\.planSentence)
        #expect(sentences.count >= 12)
        for s in sentences { #expect(text.contains(s), "not in the plan: \(s)") }
    }

    @Test func summaryMatrix() throws {
        let d = try dongying()
        let summary = HierarchySummary(d)
        let counts = summary.matrix.map { $0.map(\.count) }
        #expect(counts == [[1, 0, 0, 0], [3, 1, 1, 0], [0, 8, 0, 0], [0, 1, 10, 3]])
        #expect(summary.levels.allSatisfy(\.agrees) && summary.functionTypes.allSatisfy(\.agrees))
        let text = summary.renderText()
        #expect(text.contains("重点镇") && text.contains("MISMATCH") == false)
    }
}
