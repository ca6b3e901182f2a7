// swift-format-ignore-file
extension Templates {
    /// Sign-in pages (no session needed).
    static let publicPages: [(String, String)] = [("signin", signin), ("invite", invite)]

    static let signin = """
        <h1>Sign in</h1>
        {{#ended}}<div class="banner warning" role="alert" id="signed-out"><p>You have been signed out. Sign in again with a new invitation link from your administrator.</p></div>{{/ended}}
        {{#out}}<div class="banner" role="status" id="signed-out"><p>You have signed out.</p></div>{{/out}}
        <p>peerlink has no passwords. You sign in from the link in the invitation email your administrator sends you.</p>
        <p>If your link has expired or been used, ask your administrator for a new invitation.</p>
        """

    static let invite = """
        <h1>Sign in to peerlink</h1>
        <p>Press the button to sign in. The link works once.</p>
        <form method="post" action="/invite">
        <input type="hidden" name="code" value="{{code}}"><input type="hidden" name="nonce" value="{{nonce}}">
        <button type="submit" class="button" id="sign-in">Sign in</button>
        </form>
        """
}
