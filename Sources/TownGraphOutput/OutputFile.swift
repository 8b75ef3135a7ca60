import Foundation
import TownGraphModel

/// Writes command output. A file is written atomically: the text goes to a temporary file
/// in the same folder, which is renamed over the target only when complete, so an error
/// never leaves a partial file. The path "-" means standard output.
public enum OutputFile {
    /// Writes several files; each is complete before the next starts, and all texts were
    /// made before any is written.
    public static func write(_ files: [(path: String, text: String)]) throws {
        for f in files { try write(f.text, to: f.path) }
    }

    /// Makes a folder (and its parents) for output files, if it is not there.
    public static func makeFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw OutputError.cannotWrite(path, "it is a file, not a folder") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw OutputError.cannotWrite(path, "cannot create the folder: \(error.localizedDescription)")
        }
    }

    public static func write(_ text: String, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw OutputError.noFolder(dir.path)
        }
        let temp = dir.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        )
        do {
            try Data(text.utf8).write(to: temp)
            if rename(temp.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                throw OutputError.cannotWrite(path, reason)
            }
        } catch let error as OutputError {
            try? FileManager.default.removeItem(at: temp)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw OutputError.cannotWrite(path, error.localizedDescription)
        }
    }
}

public enum OutputError: Error, CustomStringConvertible {
    case noFolder(String)
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case .noFolder(let dir): return "cannot write output: folder \(dir) does not exist"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
