import Foundation
import Hummingbird
import HummingbirdAuth
import PeerlinkClient
import PeerlinkWire

extension WebApp {
    /// Sign-in from an invitation link, sign-out, and the front page.
    func addPublicRoutes(_ router: Router<WebContext>) {
        router.get("/") { _, context -> Response in
            if let s = context.sessions.session { return Pages.redirect(Navigation.home(for: s.role)) }
            return Pages.redirect("/signin")
        }

        router.get("/signin") { request, context -> Response in
            if let s = context.sessions.session { return Pages.redirect(Navigation.home(for: s.role)) }
            let ended = request.uri.queryParameters.get("ended") != nil
            let out = request.uri.queryParameters.get("out") != nil
            return pages.page(
                "signin", title: "Sign in",
                ["ended": ended, "out": out], session: nil)
        }

        // Mail scanners open links before people do: the link only shows a button, which POSTs the code.
        router.get("/invite/{code}") { _, context -> Response in
            let code = context.parameters.get("code") ?? ""
            let nonce = Secrets.random()
            var response = pages.page("invite", title: "Sign in to peerlink", ["code": code, "nonce": nonce], session: nil)
            response.setCookie(
                Cookie(name: "peerlink_invite", value: nonce, maxAge: 3600, path: "/invite", secure: config.secureCookies,
                    httpOnly: true, sameSite: .strict))
            return response
        }

        router.post("/invite") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            let form = Form(urlEncoded: String(buffer: buffer))
            // No session yet: the form's nonce must match the cookie the link page set (double submit).
            guard let cookie = request.cookies["peerlink_invite"]?.value,
                Secrets.constantTimeEqual(cookie, form["nonce"])
            else {
                return pages.page(
                    "problem", title: "This page has expired",
                    ["heading": "This page has expired", "text": "Open the link in your invitation email again and press the button."],
                    session: nil, status: .forbidden)
            }
            let code = form["code"]
            do {
                var r = Peerlink_V1_InvitationRedeem()
                r.code = code
                let redeemed = try await serviceCall { [r] c throws(ClientError) in try c.invitationRedeem(r) }
                let token = redeemed.token
                let personID = redeemed.personID
                let person = try await daemon.run(token: token) { c throws(ClientError) in
                    var g = Peerlink_V1_PersonGet()
                    g.id = personID
                    return try c.personGet(g)
                }
                let session = WebSession(
                    token: token, tokenID: redeemed.tokenID, role: redeemed.role, personID: personID, name: redeemed.personName,
                    urn: person.person.urn, csrf: Secrets.random(),
                    flash: "You are signed in as \(redeemed.personName).")
                context.sessions.createSession(session)  // a new id: no session fixation
                return Pages.redirect(Navigation.home(for: redeemed.role))
            } catch ClientError.server(let e) where e.code == .notFound || e.code == .conflict || e.code == .badRequest {
                return pages.page(
                    "problem", title: "This link cannot be used",
                    ["heading": "This link cannot be used", "text": e.message], session: nil, status: .badRequest)
            } catch let e as ClientError {
                return failure(e, context, nil)
            }
        }

        router.post("/signout") { request, context -> Response in
            guard let session = context.sessions.session else { return Pages.redirect("/signin") }
            return await signedIn(context) { _ in
                _ = try await form(request, session)
                var r = Peerlink_V1_SignOut()
                r.tokenID = session.tokenID
                // The token dies with the session; if the daemon is away, the session still ends here.
                _ = try? await serviceCall { [r] c throws(ClientError) in try c.signOut(r) }
                context.sessions.clearSession()
                return Pages.redirect("/signin?out=1")
            }
        }
    }
}
