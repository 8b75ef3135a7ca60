import Foundation
import TownGraphInput

/// A progress bar on standard error for long reads, drawn only when standard error is a
/// terminal (never into logs or pipes) and only once a read has run for half a second.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let started = Date()
    private var drawn = false
    private var lastDraw = Date.distantPast

    init(enabled: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb") {
        self.enabled = enabled
    }

    func update(_ phase: OSMRoadImport.Phase, _ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(started) > 0.5, now.timeIntervalSince(lastDraw) > 0.1 || done == total else {
            return
        }
        lastDraw = now
        let width = 30
        let fraction = min(1, Double(done) / Double(total))
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(
            format: "\r%@ %@ %3.0f%%  %.1f / %.1f MB",
            phase.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0), bar,
            fraction * 100, Double(done) / 1e6, Double(total) / 1e6)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Clears the bar's line.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 78) + "\r").utf8))
        drawn = false
    }
}
