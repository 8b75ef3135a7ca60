import Foundation

/// The files this process has read as input, by identity (device and inode), so that an
/// output path naming one of them (`-o settlements.geojson`, the OSM file being imported)
/// is refused instead of destroying it.
public enum InputFiles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var read: [FileIdentity: String] = [:]

    /// A file's identity: the same file under any name or link.
    public struct FileIdentity: Hashable, Sendable {
        let device: UInt64
        let inode: UInt64
        /// With the modification time: an inode number is reused once its file is deleted.
        let modified: Int
        let modifiedNanoseconds: Int

        public init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            modified = info.st_mtim.tv_sec
            modifiedNanoseconds = info.st_mtim.tv_nsec
        }
    }

    /// Notes that `path` was read.
    public static func record(_ path: String) {
        guard let id = FileIdentity(path: path) else { return }
        lock.lock()
        read[id] = read[id] ?? path
        lock.unlock()
    }

    /// The input path `path` names the same file as, if any.
    public static func input(sameAs path: String) -> String? {
        guard let id = FileIdentity(path: path) else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return read[id]
    }
}
