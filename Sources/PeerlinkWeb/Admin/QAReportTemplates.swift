// swift-format-ignore-file
extension Templates {
    /// The admin's peer-support quality report.
    static let qaReportPages: [(String, String)] = [("qa-report", qaReport), ("qa-rows", qaRows)]

    /// A two-column table of labelled figures (`{{> qa-rows}}` inside a section holding `label` and `value` rows).
    static let qaRows = """
        <tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>
        """

    static let qaReport = """
        \(errorSummary)
        <h1>Quality report{{#report}} <span class="caption">as of {{asOf}}</span>{{/report}}</h1>
        <p>Peer support in figures: counts, lengths, meetings and ratings. It never shows a comment or a name.</p>
        <form method="get" action="/admin/reports/qa" novalidate>
        <div class="field {{#error_date}}has-error{{/error_date}}"><label for="date">As of</label><p class="hint" id="date-hint">A day as YYYY-MM-DD, for example 2027-07-31. Leave empty for today.</p>
        {{#error_date}}<p class="error-message" id="date-error">{{error_date}}</p>{{/error_date}}
        <input id="date" name="date" class="short" spellcheck="false" value="{{date}}" aria-describedby="date-hint{{#error_date}} date-error{{/error_date}}"></div>
        <button type="submit" class="button secondary" id="show-report">Show</button></form>
        {{#report}}
        <p><a href="{{csvHref}}" id="download-csv">Download as CSV</a> (the rows <code>peerlink report qa --csv</code> prints)</p>
        <h2>Supporters</h2>
        <div class="table-wrap"><table id="qa-supporters" class="scores"><tbody>{{#supporters}}{{> qa-rows}}{{/supporters}}</tbody></table></div>
        <h2>Requests</h2>
        <div class="table-wrap"><table id="qa-requests" class="scores"><tbody>{{#requests}}{{> qa-rows}}{{/requests}}</tbody></table></div>
        <h2>Engagements</h2>
        <div class="table-wrap"><table id="qa-engagements" class="scores"><tbody>{{#engagements}}{{> qa-rows}}{{/engagements}}</tbody></table></div>
        {{#hasSpreads}}<div class="table-wrap"><table id="qa-spreads" class="scores"><thead><tr><th scope="col">Of closed engagements</th><th scope="col">Number</th><th scope="col">Least</th><th scope="col">Median</th><th scope="col">Most</th><th scope="col">Mean</th></tr></thead><tbody>
        {{#spreads}}<tr><th scope="row">{{label}}</th><td>{{count}}</td><td>{{min}}</td><td>{{median}}</td><td>{{max}}</td><td>{{mean}}</td></tr>{{/spreads}}</tbody></table></div>{{/hasSpreads}}
        {{^hasSpreads}}<p id="no-closed">No engagement has closed yet, so there are no lengths to show.</p>{{/hasSpreads}}
        <h2>Meetings</h2>
        <div class="table-wrap"><table id="qa-meetings" class="scores"><tbody>{{#meetings}}{{> qa-rows}}{{/meetings}}</tbody></table></div>
        {{#hasModes}}<h3>By how they met</h3><div class="table-wrap"><table id="qa-modes" class="scores"><thead><tr><th scope="col">Mode</th><th scope="col">Meetings</th></tr></thead><tbody>{{#modes}}{{> qa-rows}}{{/modes}}</tbody></table></div>{{/hasModes}}
        <h2>Feedback</h2>
        <div class="table-wrap"><table id="qa-feedback" class="scores"><tbody>{{#feedback}}{{> qa-rows}}{{/feedback}}</tbody></table></div>
        <h3>Ratings</h3>
        <div class="table-wrap"><table id="qa-ratings" class="scores"><thead><tr><th scope="col">Rating (1 to 5)</th><th scope="col">Given</th></tr></thead><tbody>{{#ratings}}{{> qa-rows}}{{/ratings}}</tbody></table></div>
        <h2>Safeguarding</h2>
        <p id="qa-escalations">Concerns escalated to the safeguarding contact: <strong>{{escalations}}</strong></p>
        {{/report}}
        """
}
