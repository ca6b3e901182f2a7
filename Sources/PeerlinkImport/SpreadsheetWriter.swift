public import Foundation
import ZIPFoundation

/// Tables written for spreadsheets, the way an authority's team passes lists on: CSV that Excel opens as UTF-8,
/// and `.xlsx` workbooks. The readers beside these (`CSVTable`, `XLSXSheet`) read both back.
public enum SpreadsheetWriter {
    /// RFC 4180 CSV: a UTF-8 byte-order mark (without it Excel reads the file as Windows-1252 and mangles
    /// "Château" and "–"), CRLF line ends, and a field quoted when it holds a comma, quote or line break
    /// (quotes doubled). A field Excel would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
    public static func csv(header: [String], rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        for line in [header] + rows {
            out += Array(line.map(field).joined(separator: ",").utf8)
            out += [0x0D, 0x0A]
        }
        return out
    }

    static func field(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, "=+-@".unicodeScalars.contains(first), Double(v) == nil { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One worksheet: its tab name and its rows under a header.
    public struct Sheet: Sendable {
        public var name: String
        public var header: [String]
        public var rows: [[String]]

        public init(name: String, header: [String], rows: [[String]]) {
            self.name = name
            self.header = header
            self.rows = rows
        }
    }

    /// An `.xlsx` workbook (ECMA-376, the parts Excel needs and no more): one worksheet per sheet, the header row
    /// bold and frozen, cells that are plain numbers as numbers and everything else as inline text.
    public static func xlsx(_ sheets: [Sheet]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        let names = uniqueSheetNames(sheets.map(\.name))
        let xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        try add(
            "[Content_Types].xml",
            xml + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
                + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
                + #"<Default Extension="xml" ContentType="application/xml"/>"#
                + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
                + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
                + sheets.indices.map {
                    #"<Override PartName="/xl/worksheets/sheet\#($0 + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
                }.joined() + "</Types>")
        try add(
            "_rels/.rels",
            xml + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
                + "</Relationships>")
        try add(
            "xl/workbook.xml",
            xml + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
                + names.enumerated().map { i, n in #"<sheet name="\#(escape(n))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"# }.joined()
                + "</sheets></workbook>")
        try add(
            "xl/_rels/workbook.xml.rels",
            xml + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                + sheets.indices.map {
                    #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"#
                }.joined()
                + #"<Relationship Id="rId\#(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
                + "</Relationships>")
        try add(
            "xl/styles.xml",
            xml + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
                + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
                + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
                + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
                + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
                + #"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#
                + "</styleSheet>")
        for (i, sheet) in sheets.enumerated() {
            var body = xml + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            body += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"#
            for (r, row) in ([sheet.header] + sheet.rows).enumerated() {
                body += #"<row r="\#(r + 1)">"#
                for (c, value) in row.enumerated() {
                    let ref = column(c) + "\(r + 1)"
                    let style = r == 0 ? #" s="1""# : ""
                    if r > 0, isPlainNumber(value) {
                        body += #"<c r="\#(ref)"\#(style)><v>\#(value)</v></c>"#
                    } else if !value.isEmpty {
                        body += #"<c r="\#(ref)"\#(style) t="inlineStr"><is><t xml:space="preserve">\#(escape(value))</t></is></c>"#
                    }
                }
                body += "</row>"
            }
            body += "</sheetData></worksheet>"
            try add("xl/worksheets/sheet\(i + 1).xml", body)
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// `A`…`Z`, `AA`… for a 0-based column.
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// Digits with an optional sign and decimal part, no leading zero (a code such as "0123" stays text).
    static func isPlainNumber(_ s: String) -> Bool {
        guard !s.isEmpty, s.count <= 15, Double(s) != nil else { return false }
        let digits = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        guard let first = digits.first, first.isNumber, digits.allSatisfy({ $0.isNumber || $0 == "." }) else { return false }
        return !(first == "0" && digits.count > 1 && !digits.hasPrefix("0."))
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: continue  // not allowed in XML 1.0
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Excel's rules for tab names: at most 31 characters, none of `[]:*?/\`, unique.
    static func uniqueSheetNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.enumerated().map { i, raw in
            var n = String(raw.filter { !"[]:*?/\\".contains($0) }.prefix(31))
            if n.isEmpty { n = "Sheet\(i + 1)" }
            var candidate = n
            var k = 2
            while !seen.insert(candidate.lowercased()).inserted {
                candidate = String(n.prefix(28)) + " \(k)"
                k += 1
            }
            return candidate
        }
    }
}
