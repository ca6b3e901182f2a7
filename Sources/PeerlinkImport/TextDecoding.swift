import Foundation

/// The character encodings a downloaded CSV arrives in.
public enum TextEncoding: String, Sendable, Codable {
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8", Microsoft Forms).
    case utf8BOM = "UTF-8 with BOM"
    case utf8 = "UTF-8"
    /// Windows-1252: the GIAS download.
    case windows1252 = "Windows-1252"
    /// UTF-16 with a byte-order mark (Excel's "Unicode text").
    case utf16 = "UTF-16"
}

/// Turns file bytes into text, choosing the encoding from the bytes themselves.
public enum TextDecoding {
    /// Decodes `bytes`: a UTF-8 BOM means UTF-8 (BOM dropped); a UTF-16 BOM means UTF-16; bytes that are
    /// valid UTF-8 are UTF-8; anything else is Windows-1252, which every byte sequence decodes as.
    /// Never fails: a stray byte becomes the character Windows-1252 gives it (0x92 → ’), not a fault.
    public static func decode(_ bytes: some Collection<UInt8>) -> (text: String, encoding: TextEncoding) {
        let b = Array(bytes)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (String(decoding: b[3...], as: UTF8.self), .utf8BOM)
        }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]),
            let s = String(data: Data(b), encoding: .utf16)
        {
            return (s, .utf16)
        }
        if let s = String(validating: b, as: UTF8.self) {
            return (s, .utf8)
        }
        return (windows1252(b), .windows1252)
    }

    /// Decodes Windows-1252. Bytes 0x80–0x9F are the typographic characters Windows puts there (not the
    /// C1 controls Latin-1 has); the five bytes cp1252 leaves unassigned keep their Latin-1 meaning, as
    /// Windows' own converter does (https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT).
    public static func windows1252(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte >= 0x80 && byte <= 0x9F {
                scalars.append(Unicode.Scalar(cp1252High[Int(byte) - 0x80])!)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// Unicode code points for bytes 0x80…0x9F.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
