import Foundation
import TownGraphRouting

/// Keeps contraction-hierarchy orders in files: `<directory>/<topology key>.order`, the node
/// numbers from the lowest rank as 32-bit little-endian integers. The directory is the dataset
/// folder's `.towngraph-cache` (``beside(datasetDirectory:)``). A missing, short or unreadable
/// file is no order (the hierarchy computes it, and checks any order it is given); a failed
/// write leaves no file (written to a temporary name, then renamed).
public struct HierarchyOrderFiles: HierarchyOrderStore {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The cache folder of a dataset folder.
    public static func beside(datasetDirectory: String) -> HierarchyOrderFiles {
        HierarchyOrderFiles(directory: (datasetDirectory as NSString).appendingPathComponent(".towngraph-cache"))
    }

    func path(_ key: String) -> String {
        let safe = String(key.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(64))
        return (directory as NSString).appendingPathComponent("\(safe).order")
    }

    public func order(forKey key: String, nodeCount: Int) -> [Int32]? {
        guard let data = FileManager.default.contents(atPath: path(key)), data.count == nodeCount * 4 else {
            return nil
        }
        return data.withUnsafeBytes { raw in
            (0..<nodeCount).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
        }
    }

    public func save(_ order: [Int32], forKey key: String) {
        let target = path(key)
        let temporary = target + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        var bytes = Data(capacity: order.count * 4)
        for v in order { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: temporary))
            _ = try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.moveItem(atPath: temporary, toPath: target)
        } catch {
            // A cache that cannot be written only means the order is computed next time.
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }
}
