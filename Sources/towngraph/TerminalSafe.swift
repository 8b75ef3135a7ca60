import ArgumentParser
import TownGraphOutput

/// Error messages made safe to print: control characters (escape sequences) escaped.
enum TerminalSafe {
    /// The error, or for a runtime error a copy whose message is safe to print. The parser's
    /// own errors (usage, help, exit codes) pass through unchanged.
    static func error(_ error: Error) -> Error {
        switch error {
        case let v as ValidationError: return ValidationError(Printable.text(v.message))
        case is CleanExit, is ExitCode: return error
        default:
            let text = "\(error)"
            // The argument parser's own errors describe themselves as usage errors: leave them.
            if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") { return error }
            return Message(description: Printable.text(text))
        }
    }

    struct Message: Error, CustomStringConvertible {
        let description: String
    }
}
