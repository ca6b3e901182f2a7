// swift-format-ignore-file
/// Every page's Mustache template, compiled into the binary so that a missing folder can never leave the
/// server rendering nothing (STYLE §9); `Pages.init` parses them all at start-up and fails loudly.
/// `{{x}}` escapes HTML; `{{{content}}}` (the layout's page body) is the only unescaped value.
/// Each role's templates sit beside its routes (`Head/HeadTemplates.swift`, …) and are listed here once.
enum Templates {
    static let all: [(String, String)] =
        [("layout", layout), ("problem", problem)] + publicPages + headPages + helpRequestPages + needsPages
        + engagementPages + adviserPages + adminPages + supporterPages
        + adminSupporterPages + cohortPages + qaReportPages

    /// The GOV.UK-style error summary at the top of a form page; include it with `\(errorSummary)`.
    static let errorSummary = """
        {{#hasErrors}}<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
        <h2 id="error-summary-title">There is a problem</h2><ul>{{/hasErrors}}
        {{#errors}}<li><a href="#{{field}}">{{message}}</a></li>{{/errors}}
        {{#hasErrors}}</ul></div>{{/hasErrors}}
        """

    static let layout = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} – peerlink</title><link rel="stylesheet" href="/static/site.css"></head>
        <body>
        <a href="#main" class="skip-link">Skip to main content</a>
        <header class="header"><div class="width">
        <a href="/" class="brand">peerlink</a>
        {{#signedIn}}<span class="who">Signed in as {{name}} ({{role}})</span>
        <form method="post" action="/signout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button class="link-button" type="submit">Sign out</button></form>{{/signedIn}}
        </div>
        {{#hasNav}}<nav aria-label="Main"><div class="width"><ul class="nav">{{/hasNav}}{{#nav}}<li><a href="{{href}}">{{label}}</a></li>{{/nav}}{{#hasNav}}</ul></div></nav>{{/hasNav}}
        </header>
        <main id="main" class="width" tabindex="-1">
        {{#flash}}<div class="banner" role="status" id="flash"><p>{{flash}}</p></div>{{/flash}}
        {{{content}}}
        </main>
        <footer class="footer"><div class="width">peerlink – school-to-school support</div></footer>
        </body></html>
        """

    static let problem = """
        <h1>{{heading}}</h1>
        <p id="problem-text">{{text}}</p>
        <p><a href="/">Go to your home page</a></p>
        """
}
