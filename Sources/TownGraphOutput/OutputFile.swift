import Foundation
import TownGraphInput

/// Writes command output, safely:
///
/// - "-" and /dev/stdout mean standard output, streamed.
/// - Anything else must be a regular file or a new name in an existing folder: a symbolic
///   link, a device, a pipe or a folder is refused, as is a file the user cannot write and
///   a file this command has read as input.
/// - The text goes to a temporary file in the same folder (a short name, whatever the
///   target's length), which is renamed over the target only when complete, keeping the
///   replaced file's permissions; an error or an interrupt (Ctrl-C, SIGTERM) leaves no
///   partial file, and temporaries left by a killed run are removed by the next write there.
public enum OutputFile {
    /// Writes several files; all texts were made before any is written.
    public static func write(_ files: [(path: String, text: String)]) throws {
        for f in files { try check(f.path) }
        for f in files { try write(f.text, to: f.path) }
    }

    /// Writes several files of bytes; all were made before any is written.
    public static func write(_ files: [(path: String, data: Data)]) throws {
        for f in files { try check(f.path) }
        for f in files { try write(f.data, to: f.path) }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws {
        if isStandardOutput(path) {
            FileHandle.standardOutput.write(data)
            return
        }
        let existing = try check(path)
        let dir = folder(of: path)
        removeStaleTemporaries(in: dir)
        let temp = (dir as NSString).appendingPathComponent(
            "\(temporaryPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        Interrupts.protect(temp)
        defer { Interrupts.release() }
        do {
            try data.write(to: URL(fileURLWithPath: temp))
            // For the interrupt test: a pause with the temporary in place (milliseconds).
            if let pause = ProcessInfo.processInfo.environment["TOWNGRAPH_TEST_WRITE_PAUSE_MS"].flatMap(UInt32.init) {
                usleep(min(pause, 10_000) * 1000)
            }
            if let existing {
                // The replaced file's permissions (and owner, where allowed) carry over.
                chmod(temp, existing.st_mode & 0o7777)
                if getuid() == 0 { chown(temp, existing.st_uid, existing.st_gid) }
            }
            guard rename(temp, path) == 0 else { throw OutputError.cannotWrite(path, String(cString: strerror(errno))) }
        } catch let error as OutputError {
            unlink(temp)
            throw error
        } catch {
            unlink(temp)
            throw OutputError.cannotWrite(path, error.localizedDescription)
        }
    }

    /// Whether a path means standard output.
    public static func isStandardOutput(_ path: String) -> Bool { path == "-" || path == "/dev/stdout" }

    /// Checks that `path` may be written; returns the file it replaces, if any.
    @discardableResult
    public static func check(_ path: String) throws -> stat? {
        if isStandardOutput(path) { return nil }
        guard !path.isEmpty else { throw OutputError.cannotWrite(path, "the output path is empty") }
        if path.hasSuffix("/") { throw OutputError.cannotWrite(path, "it names a folder; give a file name") }
        let dir = folder(of: path)
        var dirInfo = stat()
        guard stat(dir, &dirInfo) == 0, dirInfo.st_mode & S_IFMT == S_IFDIR else { throw OutputError.noFolder(dir) }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard access(dir, W_OK) == 0 else {
                throw OutputError.cannotWrite(path, "the folder \(dir) is not writable")
            }
            return nil
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK:
            throw OutputError.cannotWrite(
                path, "it is a symbolic link; TownGraph writes regular files only (give the link's target)")
        case S_IFDIR: throw OutputError.cannotWrite(path, "it is a folder")
        default:
            throw OutputError.cannotWrite(
                path,
                "it is not a regular file (a device, pipe or socket); TownGraph writes regular files or - for standard output"
            )
        }
        if let input = InputFiles.input(sameAs: path) {
            throw OutputError.cannotWrite(
                path, "it is one of this command's inputs (\(input)); writing it would destroy it")
        }
        // access(2) lets root write anything; a file with no write permission for anyone is
        // read-only on purpose, for root too.
        guard access(path, W_OK) == 0, info.st_mode & 0o222 != 0 else {
            throw OutputError.cannotWrite(path, "the file is read-only")
        }
        guard access(dir, W_OK) == 0 else { throw OutputError.cannotWrite(path, "the folder \(dir) is not writable") }
        return info
    }

    /// Makes a folder (and its parents) for output files, if it is not there.
    public static func makeFolder(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError.cannotWrite(path, "it is not a folder") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw OutputError.cannotWrite(path, "cannot create the folder: \(error.localizedDescription)")
        }
    }

    static let temporaryPrefix = ".towngraph-"

    static func folder(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    /// Removes temporaries that a run killed mid-write left in `dir` (their process is gone).
    static func removeStaleTemporaries(in dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) && name.hasSuffix(".tmp") {
            let pid = name.dropFirst(temporaryPrefix.count).prefix { $0.isNumber }
            guard let p = Int32(pid), p != getpid(), kill(p, 0) != 0, errno == ESRCH else { continue }
            unlink((dir as NSString).appendingPathComponent(name))
        }
    }
}

/// Removes the temporary file being written when the process is interrupted (SIGINT,
/// SIGTERM, SIGHUP), then lets the signal take its course.
enum Interrupts {
    /// The temporary's path as a C string, readable from a signal handler.
    nonisolated(unsafe) static var current: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) static var installed = false
    static let lock = NSLock()

    static func protect(_ path: String) {
        lock.lock()
        if !installed {
            // A parent may have started this process with these signals blocked (Foundation's
            // Process does): unblock them, so an interrupt reaches the handler.
            var set = sigset_t()
            sigemptyset(&set)
            for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
            sigprocmask(SIG_UNBLOCK, &set, nil)
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig) { sig in
                    if let p = Interrupts.current { unlink(p) }
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
            installed = true
        }
        current = strdup(path)
    }

    static func release() {
        let p = current
        current = nil
        free(p)
        lock.unlock()
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
