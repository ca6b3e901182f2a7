/// A CSV file read into memory: a header and data rows, each field decoded text.
///
/// Follows RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): commas between fields, CRLF or LF between
/// records, fields in double quotes may hold commas, line breaks and doubled quotes (`""` → `"`). Row
/// numbers are records as a spreadsheet counts them: the header is row 1, and a quoted field with a
/// line break in it does not start a new row. Lenient where Excel is: a quote inside an unquoted field is
/// kept as text, and text after a closing quote is appended.
public struct CSVTable: Sendable {
    public var header: [String]
    /// Data rows in file order; blank lines are skipped but still counted.
    public var rows: [Row]
    public var encoding: TextEncoding

    public struct Row: Sendable {
        /// 2 for the first data row.
        public var number: Int
        public var fields: [String]
    }

    /// Why a file is not CSV at all.
    public struct ParseError: Error, Sendable, Equatable {
        public var row: Int
        public var message: String
    }

    /// Decodes the bytes (see `TextDecoding.decode`) and splits them into rows.
    /// Throws when the file is empty or a quoted field never ends (naming the row it began on).
    /// `progress`, when given, is called now and then with the bytes split so far and the total.
    public init(bytes: some Collection<UInt8>, progress: ((_ done: Int, _ total: Int) -> Void)? = nil)
        throws(ParseError)
    {
        let (text, encoding) = TextDecoding.decode(bytes)
        try self.init(text: text, encoding: encoding, progress: progress)
    }

    public init(
        text: String,
        encoding: TextEncoding = .utf8,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(ParseError) {
        var records = try CSVTable.records(Array(text.utf8), progress: progress)
        guard !records.isEmpty else {
            throw ParseError(row: 1, message: "the file is empty; export it again with its header row")
        }
        let header = records.removeFirst().fields
        self.header = header.map { $0.trimmingSpaces() }
        self.rows = records.filter { !($0.fields.count == 1 && $0.fields[0].trimmingSpaces().isEmpty) }
        self.encoding = encoding
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"),
        lf = UInt8(ascii: "\n")

    private static func records(_ b: [UInt8], progress: ((Int, Int) -> Void)?) throws(ParseError) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var number = 1
        var i = 0
        var quotedStart: Int? = nil
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            rows.append(Row(number: number, fields: fields))
            fields.removeAll(keepingCapacity: true)
            number += 1
        }
        var atFieldStart = true
        var nextReport = 0
        while i < b.count {
            if let progress, i >= nextReport {
                progress(i, b.count)
                nextReport = i + 1 << 16
            }
            let c = b[i]
            if let _ = quotedStart {
                if c == quote {
                    if i + 1 < b.count, b[i + 1] == quote {
                        field.append(quote)
                        i += 2
                        continue
                    }
                    quotedStart = nil
                } else {
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case quote where atFieldStart:
                quotedStart = number
                atFieldStart = false
            case comma:
                endField()
                atFieldStart = true
            case cr, lf:
                endRow()
                atFieldStart = true
                if c == cr, i + 1 < b.count, b[i + 1] == lf { i += 1 }
            default:
                field.append(c)
                atFieldStart = false
            }
            i += 1
        }
        if let start = quotedStart {
            throw ParseError(
                row: start,
                message: "a quoted field starting on this row never ends; check for a missing closing \""
            )
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        progress?(b.count, b.count)
        return rows
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
