import Foundation
import Hummingbird
import Mustache
import NIOCore

/// The templates, parsed once at start-up; a template that does not parse stops the server before it listens.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            do {
                try library.register(text, named: name)
            } catch {
                throw WebStartupError("template \(name) does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// Renders `template` inside the layout. `context` is the page's values; the layout adds the signed-in
    /// person, the navigation for their role, the CSRF field and the flash message.
    func page(
        _ template: String, title: String, _ values: [String: Any] = [:], session: WebSession?, flash: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var v = values
        if let session { v["csrf"] = session.csrf }
        guard let body = library.render(v, withTemplate: template) else {
            preconditionFailure("template \(template) is not registered")  // checked at start-up by Templates.all
        }
        var layout: [String: Any] = ["title": title, "content": body]
        if let session {
            layout["signedIn"] = ["name": session.name, "role": session.role, "csrf": session.csrf]
            layout["nav"] = Navigation.items(for: session.role)
            layout["hasNav"] = !Navigation.items(for: session.role).isEmpty
        }
        if let flash { layout["flash"] = flash }
        let html = library.render(layout, withTemplate: "layout")!
        return Self.html(html, status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Content-Security-Policy")!] = "default-src 'self'; form-action 'self'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ to: String) -> Response { Response.redirect(to: to, type: .normal) }  // 303 See Other
}

/// The links at the top of every page, by role. Each role's list sits beside its routes
/// (`Navigation.head` in `Head/HeadRoutes.swift`, …).
enum Navigation {
    static func items(for role: String) -> [[String: String]] {
        switch role {
        case "head": head
        case "adviser": adviser
        case "supporter": supporter
        case "admin": admin
        default: []
        }
    }

    /// Where a role lands after signing in.
    static func home(for role: String) -> String {
        switch role {
        case "head": "/school"
        case "adviser": "/schools"
        case "supporter": "/engagements"
        case "admin": "/admin/people"
        default: "/"
        }
    }
}

public struct WebStartupError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
