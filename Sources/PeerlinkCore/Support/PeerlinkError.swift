/// The stable error codes every client sees; their raw values are part of the wire protocol.
public enum ErrorCode: String, Sendable, CaseIterable, Codable {
    case badRequest = "bad_request"
    case unauthenticated
    case forbidden
    case notFound = "not_found"
    case conflict
    case limitExceeded = "limit_exceeded"
    case unavailable
    case `internal`
}

/// A refusal a person can act on: a stable code, the field at fault (if one), and a sentence that says
/// what is wrong and what to do.
public struct PeerlinkError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// The request field at fault, as named in the protocol and the CLI (`urn`, `areas[1]`, `email`).
    public var field: String?

    public init(_ code: ErrorCode, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        if let field { return "\(code.rawValue) (\(field)): \(message)" }
        return "\(code.rawValue): \(message)"
    }

    public static func badRequest(_ message: String, field: String? = nil) -> PeerlinkError {
        PeerlinkError(.badRequest, message, field: field)
    }
    public static func notFound(_ message: String, field: String? = nil) -> PeerlinkError {
        PeerlinkError(.notFound, message, field: field)
    }
    public static func conflict(_ message: String, field: String? = nil) -> PeerlinkError {
        PeerlinkError(.conflict, message, field: field)
    }
    public static func forbidden(_ message: String, field: String? = nil) -> PeerlinkError {
        PeerlinkError(.forbidden, message, field: field)
    }
}
