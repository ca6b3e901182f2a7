import Foundation

/// A submitted `application/x-www-form-urlencoded` body (or a query string): every value of every name,
/// in order, so repeated checkboxes keep all their values.
struct Form: Sendable {
    var values: [String: [String]] = [:]

    init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    init(values: [String: [String]]) { self.values = values }

    private static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }

    /// The first value, trimmed; empty when absent.
    subscript(_ name: String) -> String {
        (values[name]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func all(_ name: String) -> [String] {
        (values[name] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    func has(_ name: String) -> Bool { values[name] != nil }
}

/// One file from a `multipart/form-data` body, and the plain fields beside it.
struct MultipartForm: Sendable {
    var fields: [String: [String]] = [:]
    var files: [String: (filename: String, data: [UInt8])] = [:]

    /// Parses the body with the boundary from the Content-Type header; nil when it is not multipart.
    init?(contentType: String, body: [UInt8]) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let b = contentType.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        else { return nil }
        let delimiter = Array("--\(b)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var starts: [Int] = []
        var i = 0
        while let r = Self.find(delimiter, in: body, from: i) {
            starts.append(r)
            i = r + delimiter.count
        }
        for (n, s) in starts.enumerated() where n + 1 < starts.count {
            var from = s + delimiter.count
            if from + 1 < body.count, body[from] == 13, body[from + 1] == 10 { from += 2 }
            var to = starts[n + 1]
            if to >= 2, body[to - 2] == 13, body[to - 1] == 10 { to -= 2 }
            if from <= to { parts.append(body[from..<to]) }
        }
        for part in parts {
            let sep = Array("\r\n\r\n".utf8)
            guard let h = Self.find(sep, in: Array(part), from: 0) else { continue }
            let bytes = Array(part)
            let headers = String(decoding: bytes[..<h], as: UTF8.self)
            let content = Array(bytes[(h + 4)...])
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition") })
            else { continue }
            let name = Self.attribute("name", in: String(disposition))
            guard let name else { continue }
            if let filename = Self.attribute("filename", in: String(disposition)) {
                files[name] = (filename, content)
            } else {
                fields[name, default: []].append(String(decoding: content, as: UTF8.self))
            }
        }
    }

    subscript(_ name: String) -> String { (fields[name]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    private static func attribute(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";") {
            let t = item.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("\(key)=\"") && t.hasSuffix("\"") {
                return String(t.dropFirst(key.count + 2).dropLast())
            }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == needle[0] {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
