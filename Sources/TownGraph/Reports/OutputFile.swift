import Foundation

/// Writes command output. A file is written atomically: the text goes to a temporary file
/// in the same folder, which is renamed over the target only when complete, so an error
/// never leaves a partial file. The path "-" means standard output.
public enum OutputFile {
    public static func write(_ text: String, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        guard DatasetCatalog.isDirectory(dir.path) else {
            throw OutputError.noFolder(dir.path)
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
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
        case let .noFolder(dir): return "cannot write output: folder \(dir) does not exist"
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}
