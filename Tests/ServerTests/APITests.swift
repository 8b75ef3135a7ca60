import Foundation
import TestSupport
import Testing
import TownGraphServer

/// The API answers what the CLI answers to the same question, byte for byte, and refuses
/// malformed questions with a 400 that names the parameter.
@Suite struct APITests {
    static let service: PlanService = {
        try! PlanService.load(data: nil)
    }()

    func get(_ uri: String) throws -> PlanService.Response {
        let r = try #require(APIRequest(uri: uri), "\(uri) is not an API path")
        return Self.service.respond(r)
    }

    func cli(_ args: [String]) throws -> String {
        let r = try TestProcess.towngraph(args)
        #expect(r.status == 0 || r.status == 2, "\(args): \(r.stderr)")
        return r.stdout
    }

    func percent(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }

    /// Each endpoint beside the CLI command that asks the same question.
    @Test(arguments: [
        ("/api/datasets/dongying/settlements", ["towns", "--format", "geojson"]),
        ("/api/datasets/dongying/settlements?level=key-town", ["towns", "--format", "geojson", "--level", "key-town"]),
        (
            "/api/datasets/dongying/settlements?function=industry-commerce&county=guangrao-county",
            ["towns", "--format", "geojson", "--function", "industry-commerce", "--county", "guangrao-county"]
        ),
        (
            "/api/datasets/dongying/settlements?near=dawang&within_km=15",
            ["towns", "--format", "geojson", "--near", "dawang", "--within-km", "15"]
        ),
        ("/api/datasets/dongying/check", ["check", "--format", "json", "--details"]),
        (
            "/api/datasets/dongying/check?scenario=2035",
            ["check", "--format", "json", "--details", "--scenario", "2035"]
        ),
        (
            "/api/datasets/dongying/check?network=osm-major-roads&target=centre-to-counties",
            [
                "check", "--format", "json", "--details", "--network", "osm-major-roads", "--target",
                "centre-to-counties",
            ]
        ),
        ("/api/datasets/dongying/check/routes", ["check", "--format", "geojson"]),
        (
            "/api/datasets/dongying/compare?scenarios=base,2035",
            ["check", "--compare", "base,2035", "--format", "json"]
        ),
        (
            "/api/datasets/dongying/reach?from=guangrao-xiancheng&minutes=30,45",
            ["reach", "--from", "guangrao-xiancheng", "--minutes", "30,45", "--format", "json"]
        ),
        (
            "/api/datasets/dongying/route?from=zhuchengqu&to=lijin-xiancheng",
            ["route", "zhuchengqu", "lijin-xiancheng", "--format", "geojson"]
        ),
        (
            "/api/datasets/dongying/route?from=dawang&to=hekou-chengqu&scenario=2035",
            ["route", "dawang", "hekou-chengqu", "--scenario", "2035", "--format", "geojson"]
        ),
        (
            "/api/datasets/dongying/matrix?from=level=county-centre&to=level=key-town",
            ["matrix", "--from", "level=county-centre", "--to", "level=key-town", "--format", "json"]
        ),
        (
            "/api/datasets/dongying/isochrones?from=guangrao-xiancheng&minutes=30,45,90",
            ["isochrones", "--from", "guangrao-xiancheng", "--minutes", "30,45,90", "-o", "-"]
        ),
        ("/api/datasets/yantai/check", ["check", "--data", "yantai", "--format", "json", "--details"]),
        (
            "/api/datasets/shandong/matrix?from=level=1",
            ["matrix", "--data", "shandong", "--from", "level=1", "--format", "json"]
        ),
    ])
    func endpointEqualsTheCLI(uri: String, command: [String]) throws {
        let r = try get(uri)
        #expect(r.status == 200, "\(uri): \(r.body)")
        let expected = try cli(command)
        #expect(!expected.isEmpty)
        #expect(r.body == expected, "\(uri) differs from towngraph \(command.joined(separator: " "))")
    }

    @Test func chineseNamesWorkPercentEncoded() throws {
        let r = try get("/api/datasets/dongying/reach?from=\(percent("广饶县城"))&minutes=30")
        #expect(r.status == 200)
        #expect(r.body == (try cli(["reach", "--from", "广饶县城", "--minutes", "30", "--format", "json"])))
    }

    @Test func theDatasetSummaryNamesWhatThePageNeeds() throws {
        let r = try get("/api/datasets/dongying")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])
        #expect(doc["located"] as? Int == 27)
        #expect((doc["counties"] as? [Any])?.count == 5)
        let networks = try #require(doc["networks"] as? [[String: Any]])
        #expect(networks.map { $0["name"] as? String } == ["schematic", "osm-major-roads"])
        #expect((networks[0]["scenarios"] as? [Int])?.last == 2035)
        let levels = try #require(doc["levels"] as? [[String: Any]])
        #expect(levels.first { $0["id"] as? String == "key-town" }?["count"] as? Int == 8)
        let list = try get("/api/datasets")
        #expect(list.body.contains("\"dongying\"") && list.body.contains("\"shandong\""))
    }

    /// Malformed questions: 400 (or 404 for what does not exist) with a message naming the
    /// parameter; never a 500.
    @Test(arguments: [
        ("/api/datasets/dongying/reach?from=nowhere", 400, "from"),
        ("/api/datasets/dongying/reach?from=dawang&minutes=0", 400, "minutes"),
        ("/api/datasets/dongying/reach?from=dawang&minutes=1000000000", 400, "minutes"),
        ("/api/datasets/dongying/reach?from=dawang&minutes=thirty", 400, "minutes"),
        ("/api/datasets/dongying/reach?from=dawang&minutes=30,45,60,90,120,150,180", 400, "minutes"),
        ("/api/datasets/dongying/reach", 400, "from"),
        ("/api/datasets/dongying/reach?from=dawang&from=shikou", 400, "from"),
        ("/api/datasets/dongying/reach?from=dawang&speed=fast", 400, "speed"),
        ("/api/datasets/dongying/route?from=dawang&to=atlantis", 400, "to"),
        ("/api/datasets/dongying/isochrones?from=all", 400, "from"),
        ("/api/datasets/dongying/matrix?from=level=capital", 400, "from"),
        ("/api/datasets/dongying/isochrones?from=kind=town", 400, "from"),
        ("/api/datasets/dongying/check?scenario=tomorrow", 400, "scenario"),
        ("/api/datasets/dongying/check?network=../../etc/passwd", 400, "network"),
        ("/api/datasets/dongying/check?target=no-such-target", 400, "target"),
        ("/api/datasets/dongying/check?target=", 400, "target"),
        ("/api/datasets/dongying/compare?scenarios=base,2035&target=", 400, "target"),
        ("/api/datasets/dongying/compare?scenarios=base", 400, "scenarios"),
        ("/api/datasets/dongying/settlements?level=capital", 400, "level"),
        ("/api/datasets/dongying/settlements?near=dawang", 400, "within_km"),
        ("/api/datasets/dongying/settlements?bbox=1,2,3", 400, "bbox"),
        ("/api/datasets/dongying/settlements?within_km=-1&near=dawang", 400, "within_km"),
        ("/api/datasets/atlantis", 404, ""),
        ("/api/datasets/dongying/teleport", 404, ""),
    ])
    func badQuestionsAreNamed(uri: String, status: Int, parameter: String) throws {
        let r = try get(uri)
        #expect(r.status == status, "\(uri): \(r.status) \(r.body)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])
        let message = try #require(doc["error"] as? String)
        #expect(!message.isEmpty)
        if !parameter.isEmpty { #expect(doc["parameter"] as? String == parameter, "\(uri): \(r.body)") }
    }

    /// A huge origin list is refused before any routing.
    @Test func hugeOriginListsAreRefused() throws {
        let ids = (0..<500).map { "town\($0)" }.joined(separator: ",")
        let r = try get("/api/datasets/dongying/matrix?from=\(ids)")
        #expect(r.status == 400)
        #expect(r.body.contains("\"parameter\":\"from\""))
        let many = (0..<30).map { _ in "from=dawang" }.joined(separator: "&")
        #expect(try get("/api/datasets/dongying/matrix?\(many)").status == 400)
    }

    /// One graph per network and scenario, shared by every question on it.
    @Test func graphsAreBuiltOncePerNetworkAndScenario() throws {
        let service = try PlanService.load(data: "dongying")
        let before = service.graphCount(dataset: "dongying")
        for uri in [
            "/api/datasets/dongying/reach?from=dawang", "/api/datasets/dongying/reach?from=shikou",
            "/api/datasets/dongying/route?from=dawang&to=shikou", "/api/datasets/dongying/matrix?from=kind=town",
            "/api/datasets/dongying/check",
        ] {
            #expect(service.respond(APIRequest(uri: uri)!).status == 200)
        }
        #expect(service.graphCount(dataset: "dongying") == before + 1)
        #expect(
            service.respond(APIRequest(uri: "/api/datasets/dongying/reach?from=dawang&scenario=2035")!).status == 200)
        #expect(service.graphCount(dataset: "dongying") == before + 2)
    }
}

/// `towngraph serve` refuses what it cannot serve with one line and status 1 (or 64 for a
/// bad option), before or instead of listening.
@Suite struct ServeCommandTests {
    @Test func addressesItCannotListenOnAreNamed() throws {
        let r = try TestProcess.towngraph(["serve", "--data", "dongying", "--host", "192.0.2.1", "--port", "0"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot listen on 192.0.2.1:0: no such address on this machine"))
        let port = try TestProcess.towngraph(["serve", "--port", "70000"])
        #expect(port.status == 64 && port.stderr.contains("--port must lie between 0 and 65535"))
        let data = try TestProcess.towngraph(["serve", "--data", "/nonexistent/plan"])
        #expect(data.status == 1 && data.stderr.contains("/nonexistent/plan"))
    }
}
