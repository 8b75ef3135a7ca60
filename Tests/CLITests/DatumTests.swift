import Foundation
import TestSupport
import Testing

/// GCJ-02: points from a Chinese web map are detected against the roads and moved back to
/// WGS84 when the manifest says so. The shift is made here by an independent Python
/// implementation of the published formula.
@Suite struct DatumTests {
    static let forward = """
        import json, math, sys
        A, EE = 6378245.0, 0.00669342162296594323
        def tlat(x, y):
            r = -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.sqrt(abs(x))
            r += (20*math.sin(6*x*math.pi) + 20*math.sin(2*x*math.pi)) * 2/3
            r += (20*math.sin(y*math.pi) + 40*math.sin(y/3*math.pi)) * 2/3
            r += (160*math.sin(y/12*math.pi) + 320*math.sin(y*math.pi/30)) * 2/3
            return r
        def tlon(x, y):
            r = 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.sqrt(abs(x))
            r += (20*math.sin(6*x*math.pi) + 20*math.sin(2*x*math.pi)) * 2/3
            r += (20*math.sin(x*math.pi) + 40*math.sin(x/3*math.pi)) * 2/3
            r += (150*math.sin(x/12*math.pi) + 300*math.sin(x/30*math.pi)) * 2/3
            return r
        def gcj(lon, lat):
            rad = lat / 180 * math.pi
            magic = 1 - EE * math.sin(rad) ** 2
            s = math.sqrt(magic)
            dlat = tlat(lon - 105, lat - 35) * 180 / ((A * (1 - EE)) / (magic * s) * math.pi)
            dlon = tlon(lon - 105, lat - 35) * 180 / (A / s * math.cos(rad) * math.pi)
            return [lon + dlon, lat + dlat]
        doc = json.load(open(sys.argv[1], encoding="utf-8"))
        for f in doc["features"]:
            if f.get("geometry"):
                f["geometry"]["coordinates"] = gcj(*f["geometry"]["coordinates"])
        json.dump(doc, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
        """

    @Test func webMapPointsAreDetectedAndMovedBack() throws {
        let temp = try TemporaryDirectory()
        let dir = try temp.copyDataset(from: TestPaths.dongying)
        let settlements = dir.appendingPathComponent("settlements.geojson").path
        let script = temp.path("gcj.py")
        try Self.forward.write(toFile: script, atomically: true, encoding: .utf8)
        let shifted = try TestProcess.run(
            Python.interpreter, (Python.interpreter.path == "/usr/bin/env" ? ["python3"] : []) + [script, settlements])
        #expect(shifted.status == 0, "\(shifted.stderr)")

        let warned = try TestProcess.towngraph(["check", "--data", dir.path])
        #expect(warned.stderr.contains("if read as GCJ-02"), "\(warned.stderr)")

        let manifest = dir.appendingPathComponent("dataset.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingExisting(
            "  settlements: settlements.geojson\n",
            with: "  settlements:\n    file: settlements.geojson\n    datum: gcj02\n"
        ).write(to: manifest, atomically: true, encoding: .utf8)
        let fixed = try TestProcess.towngraph(["check", "--data", dir.path])
        #expect(!fixed.stderr.contains("GCJ-02 (a Chinese web map"), "\(fixed.stderr)")
        let original = try TestProcess.towngraph(["check"])
        #expect(fixed.stdout == original.stdout)
        // The points moved back lie within a millimetre or so of the originals.
        let back = try TestProcess.towngraph(["towns", "--data", dir.path, "--format", "geojson", "--precision", "8"])
        let mine = try #require(try JSONSerialization.jsonObject(with: Data(back.stdout.utf8)) as? [String: Any])
        let theirs = try #require(
            try JSONSerialization.jsonObject(
                with: try TestProcess.towngraph(["towns", "--format", "geojson", "--precision", "8"]).stdout.data(
                    using: .utf8)!) as? [String: Any])
        func points(_ doc: [String: Any]) -> [String: [Double]] {
            var out: [String: [Double]] = [:]
            for f in doc["features"] as! [[String: Any]] {
                if let g = f["geometry"] as? [String: Any] { out[f["id"] as! String] = g["coordinates"] as? [Double] }
            }
            return out
        }
        let a = points(mine)
        let b = points(theirs)
        #expect(a.count == b.count && a.count >= 27)
        for (id, p) in b {
            let q = try #require(a[id])
            #expect(abs(p[0] - q[0]) < 2e-8 && abs(p[1] - q[1]) < 2e-8, "\(id)")
        }
    }
}
