// swift-format-ignore-file
extension Templates {
    /// A supporter's own pages: profile and eligibility, supervision meetings, raising a concern (heads too).
    static let supporterPages: [(String, String)] = [("supporter-profile", supporterProfile), ("supervision", supervision), ("concern", concern)]

    static let supporterProfile = """
        <h1>{{#own}}My supporter profile{{/own}}{{^own}}Supporter profile {{id}}{{/own}} <span class="caption">{{name}}, {{school}}</span></h1>
        {{#offerable}}<div class="banner" id="eligibility"><h2>Can be offered to heads now</h2>
        <p>This profile meets the scheme's rules and has a free place, so a supporter match can send it to a head who asks for support.</p></div>{{/offerable}}
        {{^offerable}}<div class="banner warning" id="eligibility"><h2>Not offered to heads now</h2>
        <p>A supporter match leaves this profile out because:</p>
        <ul id="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>
        <p>The authority's administrators keep these records: ask them to update what has changed.</p></div>{{/offerable}}
        <p class="hint">For each head who asks, a match also checks that the supporter is independent of them: never their own school, trust or federation, and, when the authority asks for it, not their local authority.</p>
        <h2>Profile</h2>
        <dl class="summary" id="profile">
        <dt>Summary</dt><dd>{{summary}}</dd>
        <dt>Areas supported</dt><dd><ul class="plain" id="skills">{{#skills}}<li>{{.}}</li>{{/skills}}</ul></dd>
        <dt>Regions served</dt><dd>{{regions}}</dd>
        <dt>Engagements</dt><dd id="load">{{active}} in progress of {{capacity}} at once</dd>
        <dt>Status</dt><dd>{{status}}</dd>
        </dl>
        <h2>Eligibility evidence</h2>
        <dl class="summary" id="evidence">
        <dt>Headteacher since</dt><dd>{{headshipStart}}</dd>
        <dt>School inspection</dt><dd>{{inspection}}</dd>
        <dt>Supporter training</dt><dd>{{training}}</dd>
        <dt>Coaching or mentoring record</dt><dd>{{coaching}}</dd>
        <dt>Local processes</dt><dd>{{localProcesses}}</dd>
        </dl>
        <h2>Supervision</h2>
        <p id="supervision-summary">{{#hasSupervision}}{{supervisionCount}} recorded; the last on {{lastSupervision}}.{{/hasSupervision}}{{^hasSupervision}}No supervision meetings are recorded yet.{{/hasSupervision}}
        <a href="{{#own}}/supervision{{/own}}{{^own}}/supporters/{{id}}/supervision{{/own}}">See the supervision meetings</a></p>
        """

    static let supervision = """
        <h1>Supervision meetings <span class="caption">{{name}}</span></h1>
        <p>The authority records each supervision meeting: only that it happened, when and for how long. No notes are kept in peerlink.
        The scheme's rules set no interval for supervision, so it does not change whether a supporter is offered to heads.</p>
        {{#none}}<p id="no-supervision">No supervision meetings are recorded yet. The authority's administrators record them.</p>{{/none}}
        {{^none}}<p id="last-supervision">The last supervision meeting was on {{last}}.</p>
        <div class="table-wrap"><table id="supervision"><caption class="visually-hidden">Supervision meetings, newest first</caption>
        <thead><tr><th scope="col">Date</th><th scope="col">Length</th><th scope="col">Recorded on</th></tr></thead><tbody>
        {{#rows}}<tr><td>{{date}}</td><td>{{minutes}} minutes</td><td>{{recorded}}</td></tr>{{/rows}}
        </tbody></table></div>{{/none}}
        <p>A meeting missing or wrong? Ask the authority's administrators: supervision is recorded by the authority, not by supporters.</p>
        """

    static let concern = """
        \(errorSummary)
        <h1>Raise a safeguarding or whistleblowing concern <span class="caption">Engagement {{id}}</span></h1>
        <p><strong>If someone is in immediate danger, call 999.</strong></p>
        <h2>What happens next</h2>
        <ol id="next-steps">
        <li>peerlink tells the authority's named safeguarding contact that you raised a concern: your name and work email, the time, and the engagement number.</li>
        <li>The contact gets in touch with you directly. Tell them what the concern is then.</li>
        <li>peerlink never records what the concern is, and the email says nothing about it. Do not write it anywhere in peerlink.</li>
        </ol>
        {{#hasRaised}}<h2>Concerns raised on this engagement</h2>
        <ul id="raised">{{#raised}}<li>{{when}}: raised by {{by}}, sent to {{contact}}</li>{{/raised}}</ul>{{/hasRaised}}
        <form method="post" action="/engagements/{{id}}/concern" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_confirm}}has-error{{/error_confirm}}" id="confirm-field">
        {{#error_confirm}}<p class="error-message" id="confirm-error">{{error_confirm}}</p>{{/error_confirm}}
        <div class="check"><input type="checkbox" id="confirm" name="confirm" value="yes" {{#error_confirm}}aria-describedby="confirm-error"{{/error_confirm}}><label for="confirm">I want the safeguarding contact to get in touch with me about a concern from this engagement</label></div></div>
        <button type="submit" class="button warning" id="raise-concern">Raise the concern</button>
        </form>
        <p><a href="/engagements/{{id}}">Back to engagement {{id}}</a></p>
        """
}
