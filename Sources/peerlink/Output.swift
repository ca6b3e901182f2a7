import Foundation
import SwiftProtobuf

/// Printing for people (aligned tables) and for scripts (JSON).
enum Output {
    /// Prints rows under a header, each column as wide as its widest cell.
    static func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(header))
        print(line(widths.map { String(repeating: "-", count: $0) }))
        for row in rows { print(line(row)) }
    }

    /// Prints `key: value` lines with the keys aligned.
    static func fields(_ pairs: [(String, String)]) {
        let width = pairs.map(\.0.count).max() ?? 0
        for (k, v) in pairs where !v.isEmpty {
            print(k.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + v)
        }
    }

    /// A protobuf message as a JSON object: proto field names, 64-bit numbers as numbers.
    static func jsonObject(_ message: some SwiftProtobuf.Message) -> Any {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        options.alwaysPrintInt64sAsNumbers = true
        options.useDeterministicOrdering = true
        let text = (try? message.jsonString(options: options)) ?? "{}"
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) ?? [:]
    }

    static func printJSON(_ value: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

    static func printJSON(_ message: some SwiftProtobuf.Message) {
        printJSON(jsonObject(message))
    }

    /// `2026-11-24 10:31` in UTC from unix seconds.
    static func time(_ seconds: Int64) -> String {
        guard seconds > 0 else { return "" }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) + "Z"
    }
}
