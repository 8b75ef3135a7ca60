import Foundation

/// Values filled in by index from several threads (rows of a matrix, one result per item).
package final class Slots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value?]

    package init(count: Int) { storage = Array(repeating: nil, count: count) }

    package func set(_ i: Int, _ value: Value) {
        lock.lock()
        storage[i] = value
        lock.unlock()
    }

    package var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// Runs a throwing transform over items on every core, keeping the order.
package enum Parallel {
    package static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) throws -> R) throws -> [R] {
        let results = Slots<Result<R, Error>>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            results.set(i, Result { try body(items[i]) })
        }
        return try results.values.map { try $0!.get() }
    }
}

extension Parallel {
    /// One row per item, computed on `workers` threads, each with a workspace of its own
    /// (a search) made once per thread; items are dealt round-robin.
    package static func rows<Workspace, Row: Sendable>(
        _ count: Int, workers: Int, workspace: @Sendable () -> Workspace,
        row: @Sendable (Workspace, Int) -> Row
    ) -> [Row] {
        let result = Slots<Row>(count: count)
        let threads = max(1, min(workers, count))
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let space = workspace()
            var i = worker
            while i < count {
                result.set(i, row(space, i))
                i += threads
            }
        }
        return result.values.map { $0! }
    }
}
