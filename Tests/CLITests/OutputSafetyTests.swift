import Foundation
import TestSupport
import Testing

/// `-o PATH` writes regular files only, never replaces what it must not, and leaves no
/// partial or temporary file behind.
@Suite struct OutputSafetyTests {
    static let towns = ["towns", "--format", "csv", "-o"]

    func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test func symbolicLinkIsRefusedAndLeftAlone() throws {
        let temp = try TemporaryDirectory()
        let target = temp.path("target.csv")
        try "keep".write(toFile: target, atomically: true, encoding: .utf8)
        let link = temp.path("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let r = try TestProcess.towngraph(Self.towns + [link])
        #expect(r.status == 1 && r.stderr.contains("it is a symbolic link"), "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(contents(target) == "keep")
    }

    @Test func readOnlyFileIsNotReplacedEvenByRoot() throws {
        // access(2) says a file is writable to root; the check asks the mode bits instead.
        let temp = try TemporaryDirectory()
        let path = temp.path("locked.csv")
        try "keep".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o444)
        let r = try TestProcess.towngraph(Self.towns + [path])
        #expect(r.status == 1 && r.stderr.contains("read-only"), "\(r.stderr)")
        #expect(contents(path) == "keep")
    }

    @Test func replacedFileKeepsItsMode() throws {
        let temp = try TemporaryDirectory()
        let path = temp.path("towns.csv")
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o640)
        let r = try TestProcess.towngraph(Self.towns + [path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(contents(path)?.hasPrefix("id,name_zh") == true)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test func devicesFoldersAndEmptyNamesAreRefused() throws {
        let temp = try TemporaryDirectory()
        let null = try TestProcess.towngraph(Self.towns + ["/dev/null"])
        #expect(null.status == 1 && null.stderr.contains("not a regular file"), "\(null.stderr)")
        let dir = try TestProcess.towngraph(Self.towns + [temp.path("out") + "/"])
        #expect(dir.status == 1 && dir.stderr.contains("names a folder"), "\(dir.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.path("out")))
        try FileManager.default.createDirectory(atPath: temp.path("folder"), withIntermediateDirectories: false)
        let folder = try TestProcess.towngraph(Self.towns + [temp.path("folder")])
        #expect(folder.status == 1 && folder.stderr.contains("it is a folder"), "\(folder.stderr)")
    }

    @Test func standardOutputByName() throws {
        let r = try TestProcess.towngraph(Self.towns + ["/dev/stdout"])
        #expect(r.status == 0 && r.stdout.hasPrefix("id,name_zh"), "\(r.stderr)")
    }

    @Test func inputsAreNeverOverwritten() throws {
        let temp = try TemporaryDirectory()
        let dataset = try temp.copyDataset(from: TestPaths.dongying)
        let settlements = dataset.appendingPathComponent("settlements.geojson").path
        let before = contents(settlements)
        let r = try TestProcess.towngraph(["towns", "--data", dataset.path, "--format", "geojson", "-o", settlements])
        #expect(r.status == 1 && r.stderr.contains("one of this command's inputs"), "\(r.stderr)")
        #expect(contents(settlements) == before)
        // The same file under another name (a hard link) is the same input.
        let pbf = temp.path("roads.osm.pbf")
        try FileManager.default.copyItem(atPath: TestPaths.osm("test.osm.pbf"), toPath: pbf)
        try FileManager.default.linkItem(atPath: pbf, toPath: temp.path("alias.geojson"))
        let size = try FileManager.default.attributesOfItem(atPath: pbf)[.size] as? Int
        let i = try TestProcess.towngraph(["network", "import", pbf, "-o", temp.path("alias.geojson")])
        #expect(i.status == 1 && i.stderr.contains("one of this command's inputs"), "\(i.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: pbf)[.size] as? Int == size)
    }

    @Test func longNamesWork() throws {
        let temp = try TemporaryDirectory()
        let name = String(repeating: "镇", count: 80) + ".csv"  // 244 bytes
        #expect(name.utf8.count > 230 && name.utf8.count <= 255)
        let r = try TestProcess.towngraph(Self.towns + [temp.path(name)])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(contents(temp.path(name))?.hasPrefix("id,name_zh") == true)
    }

    @Test func staleTemporariesOfDeadRunsAreRemoved() throws {
        let temp = try TemporaryDirectory()
        // A process that has ended: its pid names a temporary a killed run would leave.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let stale = temp.path(".towngraph-\(p.processIdentifier)-42.tmp")
        try "partial".write(toFile: stale, atomically: false, encoding: .utf8)
        let other = temp.path(".towngraph-notes.tmp")  // not a temporary of ours
        try "x".write(toFile: other, atomically: false, encoding: .utf8)
        let r = try TestProcess.towngraph(Self.towns + [temp.path("towns.csv")])
        #expect(r.status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: other))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func interruptedWriteLeavesNothing(signal: Int32) throws {
        let temp = try TemporaryDirectory()
        let target = temp.path("towns.csv")
        let p = Process()
        p.executableURL = TestPaths.towngraph
        p.arguments = Self.towns + [target]
        p.environment = ProcessInfo.processInfo.environment.merging(["TOWNGRAPH_TEST_WRITE_PAUSE_MS": "5000"]) { $1 }
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait for the temporary to appear, then interrupt.
        var seen = false
        for _ in 0..<200 where !seen {
            seen = (try FileManager.default.contentsOfDirectory(atPath: temp.url.path)).contains {
                $0.hasPrefix(".towngraph-")
            }
            if !seen { usleep(25_000) }
        }
        #expect(seen)
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.url.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}

/// A `GeoData` folder in the working directory comes before the bundled data: the user is
/// told which folder was used.
@Suite struct ShadowedDataTests {
    @Test func workingFolderGeoDataIsNamed() throws {
        let temp = try TemporaryDirectory()
        let geoData = temp.url.appendingPathComponent("GeoData")
        try FileManager.default.createDirectory(at: geoData, withIntermediateDirectories: false)
        _ = try temp.copyDataset(from: TestPaths.dongying, as: "GeoData/dongying")
        let r = try TestProcess.towngraph(["towns", "--level", "1"], currentDirectory: temp.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("note: using \(geoData.path)/dongying; it comes before"), "\(r.stderr)")
        // In the checkout itself there is one GeoData: no note.
        let plain = try TestProcess.towngraph(["towns", "--level", "1"], currentDirectory: TestPaths.packageRoot)
        #expect(!plain.stderr.contains("note: using"))
    }
}
