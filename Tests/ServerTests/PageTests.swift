import Foundation
import TestSupport
import Testing

/// The page in headless Chromium, driven by selenium (Tools/serve_check.py): towns, counties,
/// filters, a failing pair's route and 广饶县城's isochrones against the CLI, the compare toggle,
/// every bundled dataset, a narrow window, then 200 concurrent requests. Screenshots go to
/// .build/test-artifacts.
@Suite struct PageTests {
    @Test func pageInHeadlessChromiumAndUnderLoad() throws {
        let out = TestPaths.packageRoot.appendingPathComponent(".build/test-artifacts").path
        let report = try Python.runFile(
            "Tools/serve_check.py", ["--towngraph", TestPaths.towngraph.path, "--out", out])
        #expect(report.contains("ok: the map holds the 27 located Dongying towns"))
        #expect(report.contains("ok: filtering by 重点镇 leaves 8 towns"))
        #expect(report.contains("ok: serve stops cleanly on Ctrl-C"))
        #expect(!report.contains("FAIL"))
        #expect(FileManager.default.fileExists(atPath: out + "/serve-dongying.png"))
    }
}
