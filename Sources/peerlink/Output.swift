import Foundation
import PeerlinkImport
import SwiftProtobuf

/// Printing for people (aligned tables), for scripts (JSON) and for spreadsheets (`--csv`, `--xlsx FILE`).
enum Output {
    /// Where tables go besides the terminal, set once from the command line (`ConnectionOptions.validate`)
    /// before a command runs. The CLI is one thread, so plain statics are safe here.
    nonisolated(unsafe) static var csv = false
    nonisolated(unsafe) static var xlsxPath: String?
    nonisolated(unsafe) private static var sheets: [SpreadsheetWriter.Sheet] = []

    /// Prints rows under a header, each column as wide as its widest cell; with `--csv`, CSV instead (UTF-8 with
    /// a byte-order mark, so Excel opens it as such); with `--xlsx FILE`, also a worksheet of `FILE` (each table
    /// of a command its own worksheet, named `sheet`).
    /// `printed: false` is for a table the terminal already shows in another form (a summary line): it goes only
    /// to `--csv` and `--xlsx`.
    static func table(_ header: [String], _ rows: [[String]], sheet: String = "peerlink", printed: Bool = true) {
        addSheet(sheet, header, rows)
        if csv {
            writeCSV(header, rows)
            return
        }
        guard printed else { return }
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

    /// Prints `key: value` lines with the keys aligned; with `--csv` (and `--xlsx`) a two-column table of them.
    static func fields(_ pairs: [(String, String)], sheet: String = "peerlink") {
        let rows = pairs.filter { !$0.1.isEmpty }.map { [$0.0, $0.1] }
        addSheet(sheet, ["field", "value"], rows)
        if csv {
            writeCSV(["field", "value"], rows)
            return
        }
        let width = pairs.map(\.0.count).max() ?? 0
        for (k, v) in pairs where !v.isEmpty {
            print(k.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + v)
        }
    }

    /// A line for people between tables (a heading, a summary); left out of `--csv` output, which is only tables.
    static func say(_ line: String) {
        if !csv { print(line) }
    }

    nonisolated(unsafe) private static var wroteCSV = false

    /// One table as CSV on stdout: the first with the byte-order mark, a later one (a command printing two)
    /// after an empty line.
    private static func writeCSV(_ header: [String], _ rows: [[String]]) {
        var bytes = SpreadsheetWriter.csv(header: header, rows: rows)
        if wroteCSV { bytes = [0x0D, 0x0A] + bytes.dropFirst(3) }
        wroteCSV = true
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// With `--xlsx FILE`: adds the table as a worksheet and writes the workbook again (so a command that prints
    /// several tables leaves one workbook holding them all).
    private static func addSheet(_ name: String, _ header: [String], _ rows: [[String]]) {
        guard let xlsxPath else { return }
        sheets.append(SpreadsheetWriter.Sheet(name: name, header: header, rows: rows))
        do {
            try SpreadsheetWriter.xlsx(sheets).write(to: URL(fileURLWithPath: xlsxPath), options: .atomic)
            FileHandle.standardError.write(Data("wrote \(xlsxPath): \(rows.count) rows in worksheet '\(name)'\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("error: cannot write \(xlsxPath): \(error.localizedDescription)\n".utf8))
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

    /// What a command that adds something prints: the new id alone, so a script can keep it
    /// (`id=$(peerlink person add …)`), or with `--json` the reply with the id also at its top level.
    static func created(_ reply: some SwiftProtobuf.Message, id: Int64, json: Bool) {
        guard json else { return print(id) }
        var object = jsonObject(reply) as? [String: Any] ?? [:]
        object["id"] = id
        printJSON(object)
    }

    /// `x` with `digits` decimals (`0.75`), for scores and means.
    static func fixed(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

    /// `2026-11-24 10:31` in UTC from unix seconds.
    static func time(_ seconds: Int64) -> String {
        guard seconds > 0 else { return "" }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) + "Z"
    }
}

/// Writing an `.ics` file for `--ics FILE`.
enum ICalendarFile {
    static func write(_ text: String, to path: String, events: Int) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIFailure("cannot write \(path): \(error.localizedDescription)")
        }
        FileHandle.standardError.write(Data("wrote \(path): \(events) event\(events == 1 ? "" : "s")\n".utf8))
    }
}
