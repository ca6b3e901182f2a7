import ArgumentParser
import Foundation

/// Checks of numeric option values, for a command's `validate()`: a value the daemon would refuse (or that
/// does not fit its wire field) is refused before anything is sent, never clamped. Each throws a
/// `ValidationError` naming the option, the values it allows and the value given, e.g.
/// `--minutes must be from 1 to 480 minutes; got 600.` (ArgumentParser prints it with the usage and exits 64).
enum OptionCheck {
    /// The largest URN: GIAS gives schools URNs of up to 7 digits, and the daemon refuses any other.
    static let urns = 1...9_999_999
    /// How long an engagement or supervision meeting may last, in minutes: a working day, as the daemon allows.
    static let meetingMinutes = 1...480

    /// `value`, when given, is within `range`.
    static func range(_ option: String, _ value: Int?, _ range: ClosedRange<Int>, _ unit: String = "") throws {
        guard let value, !range.contains(value) else { return }
        throw ValidationError(
            "\(option) must be from \(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " \(unit)"); "
                + "got \(value).")
    }

    /// Each of `values` is within `range`.
    static func range(_ option: String, _ values: [Int], _ range: ClosedRange<Int>, _ unit: String = "") throws {
        for value in values { try OptionCheck.range(option, value, range, unit) }
    }

    /// `value`, when given, is a school's URN (1 to 9999999).
    static func urn(_ value: Int?, option: String = "--urn") throws {
        try range(option, value, urns)
    }

    /// `value`, when given, is a finite number above zero and at most `maximum` (distances, timeouts).
    static func positive(_ option: String, _ value: Double?, atMost maximum: Double, _ unit: String = "") throws {
        guard let value, !(value.isFinite && value > 0 && value <= maximum) else { return }
        throw ValidationError(
            "\(option) must be more than 0 and at most \(number(maximum))\(unit.isEmpty ? "" : " \(unit)"); "
                + "got \(number(value)).")
    }

    /// `12`, `0.5`, `inf`: a number as a person typed it, without a trailing `.0`.
    static func number(_ x: Double) -> String { String(format: "%g", x) }
}

/// The items of a comma-separated option (`--skills a, b,c`), trimmed, empty ones dropped; none for nil.
func commaSeparated(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
