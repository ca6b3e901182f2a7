/// Which email addresses count as work addresses for nominees and people (DESIGN §3: "work email only").
///
/// An address must be plausible (`Text.isPlausibleEmail`) and not on a personal mail domain: the deny list
/// (`personalDomains`, the big free providers by default) refuses it, unless the allow list names the domain
/// (`allowedDomains`: an authority whose staff really do use one of those domains for work). Domains compare
/// ignoring case; a listed domain also covers its subdomains (`mail.example.com` under `example.com`). Pure
/// data; the daemon fills it from its configuration (`ServerConfig.emailPolicy`).
public struct EmailPolicy: Sendable, Equatable {
    public static let defaultPersonalDomains = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.co.uk", "yahoo.com",
        "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "btinternet.com",
    ]

    /// Personal mail domains, refused as work addresses.
    public var personalDomains: [String]
    /// Domains accepted even when `personalDomains` lists them.
    public var allowedDomains: [String]

    public init(personalDomains: [String] = EmailPolicy.defaultPersonalDomains, allowedDomains: [String] = []) {
        self.personalDomains = personalDomains.map { EmailPolicy.normalised($0) }
        self.allowedDomains = allowedDomains.map { EmailPolicy.normalised($0) }
    }

    /// The defaults: the providers above refused, nothing allowed over them.
    public static let standard = EmailPolicy()

    /// Why `email` (already lower-cased and trimmed) is not a work address, as a sentence to follow "'x' is not
    /// accepted: ", or nil when it is. Plausibility is checked by the caller, which words its own message.
    public func refusal(_ email: String) -> String? {
        guard let at = email.lastIndex(of: "@") else { return nil }
        let domain = EmailPolicy.normalised(String(email[email.index(after: at)...]))
        if allowedDomains.contains(where: { EmailPolicy.covers($0, domain) }) { return nil }
        guard let listed = personalDomains.first(where: { EmailPolicy.covers($0, domain) }) else { return nil }
        return "\(listed) is a personal mail domain; give the school or organisation address (name@school.org.uk), "
            + "or ask an admin to allow the domain (allowed_mail_domains) if it really is the school's"
    }

    /// Refuses a personal address with `badRequest` on `field`.
    public func check(_ email: String, field: String) throws(PeerlinkError) {
        if let why = refusal(email) {
            throw .badRequest("'\(email)' is not a work email address: \(why)", field: field)
        }
    }

    private static func covers(_ listed: String, _ domain: String) -> Bool {
        domain == listed || domain.hasSuffix("." + listed)
    }

    private static func normalised(_ domain: String) -> String {
        var d = domain.trimmingSpaces().lowercased()
        while d.hasPrefix("@") || d.hasPrefix(".") { d.removeFirst() }
        while d.hasSuffix(".") { d.removeLast() }
        return d
    }
}
