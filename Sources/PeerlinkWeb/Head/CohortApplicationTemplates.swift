// swift-format-ignore-file
extension Templates {
    /// A head's early-headship cohorts page.
    static let cohortApplicationPages: [(String, String)] = [("head-cohorts", headCohorts)]

    static let headCohorts = """
        \(errorSummary)
        <h1>Early-headship peer groups</h1>
        <p>Small groups of heads (about four to six) in the same phase, from different parts of the country, each with a facilitator: six 90-minute sessions over twelve months.</p>
        <p>You can apply if, when the cohort starts, you are in your first five years of headship in a state-funded school or 16–19 organisation in England, you have completed the NPQH or are taking it, and you have not withdrawn from the earlier support offer.</p>
        <dl class="summary" id="my-record"><dt>Your school</dt><dd>{{school}}</dd><dt>Headship started</dt><dd>{{headshipStart}}</dd><dt>NPQH</dt><dd>{{npqh}}</dd></dl>
        <p class="hint">If these are wrong, ask your administrator to correct them before you apply.</p>
        {{#none}}<p id="no-cohorts">No cohort is open to applications just now.</p>{{/none}}
        <ul class="cards" id="cohorts">{{#cohorts}}<li class="card {{#error}}has-error{{/error}}" id="cohort-{{id}}"><h2>{{name}}</h2>
        <dl><dt>Runs</dt><dd>{{start}} to {{last}}</dd><dt>Groups</dt><dd>{{sizes}}</dd><dt>Places</dt><dd>{{places}}</dd>
        <dt>Your application</dt><dd class="application-status">{{#applied}}Applied: {{status}}{{/applied}}{{#notApplied}}Not applied{{/notApplied}}</dd></dl>
        {{#error}}<p class="error-message" id="cohort-{{id}}-error">{{error}}</p>{{/error}}
        {{#notApplied}}<form method="post" action="/cohorts/{{id}}/apply"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="button" id="apply-{{id}}">Apply to {{name}}</button></form>{{/notApplied}}
        {{#group}}<h3>Your group: group {{number}} ({{phase}})</h3>
        <ul class="plain group-members">{{#members}}<li>{{name}}, {{school}}</li>{{/members}}</ul>
        <p>Facilitator: {{facilitator}}</p>
        {{#noSessions}}<p>The session dates are still to be set; you will get an email when they are.</p>{{/noSessions}}
        {{^noSessions}}<div class="table-wrap"><table class="sessions"><caption class="visually-hidden">Your group's sessions</caption><thead><tr><th scope="col">Session</th><th scope="col">Day</th><th scope="col">Starts</th><th scope="col">Minutes</th></tr></thead><tbody>
        {{#sessions}}<tr><td>{{number}} of 6</td><td>{{weekday}}</td><td>{{start}}</td><td>{{minutes}}</td></tr>{{/sessions}}
        </tbody></table></div>{{/noSessions}}{{/group}}
        {{#applied}}<form method="post" action="/cohorts/{{id}}/withdraw"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="button secondary" id="withdraw-{{id}}">Withdraw from {{name}}</button></form>{{/applied}}
        </li>{{/cohorts}}</ul>
        """
}
