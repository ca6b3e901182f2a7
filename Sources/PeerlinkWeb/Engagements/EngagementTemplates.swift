// swift-format-ignore-file
extension Templates {
    /// Engagements, shared by the head and the supporter in one (the daemon scopes both).
    static let engagementPages: [(String, String)] = [("engagements", engagements), ("engagement", engagement)]

    static let engagements = """
        <h1>Engagements</h1>
        {{#none}}<p id="no-engagements">You have no engagements.</p>{{/none}}
        {{^none}}<div class="table-wrap"><table id="engagements"><thead><tr><th scope="col">Engagement</th><th scope="col">Started</th><th scope="col">Cycle ends</th><th scope="col">Meetings</th><th scope="col">Status</th></tr></thead><tbody>
        {{#rows}}<tr><td><a href="/engagements/{{id}}">Engagement {{id}}</a></td><td>{{start}}</td><td>{{end}}</td><td>{{meetings}} of {{limit}}</td><td>{{status}}</td></tr>{{/rows}}
        </tbody></table></div>{{/none}}
        """

    static let engagement = """
        \(errorSummary)
        <h1>Engagement {{id}}</h1>
        <dl class="summary"><dt>Started</dt><dd>{{start}}</dd><dt>Cycle ends</dt><dd>{{end}}</dd><dt>Status</dt><dd>{{status}}</dd><dt>Meetings allowed</dt><dd>{{limit}}</dd></dl>
        <p><a href="/engagements/{{id}}/concern" id="concern-link">Raise a safeguarding or whistleblowing concern</a></p>
        <h2>Meetings</h2>
        {{#noMeetings}}<p id="no-meetings">No meetings are recorded yet.</p>{{/noMeetings}}
        <ul id="meetings">{{#meetings}}<li>{{start}}, {{minutes}} minutes, {{mode}}</li>{{/meetings}}</ul>
        {{#active}}<h2>Record a meeting</h2>
        <form method="post" action="/engagements/{{id}}/meetings" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_date}}has-error{{/error_date}}"><label for="date">Date</label><p class="hint" id="date-hint">For example, 2027-03-04</p>
        {{#error_date}}<p class="error-message" id="date-error">{{error_date}}</p>{{/error_date}}
        <input id="date" name="date" type="date" value="{{date}}" aria-describedby="date-hint{{#error_date}} date-error{{/error_date}}"></div>
        <div class="field {{#error_time}}has-error{{/error_time}}"><label for="time">Start time</label>
        {{#error_time}}<p class="error-message" id="time-error">{{error_time}}</p>{{/error_time}}
        <input id="time" name="time" type="time" value="{{time}}" class="short"></div>
        <div class="field {{#error_minutes}}has-error{{/error_minutes}}"><label for="minutes">Length in minutes</label>
        {{#error_minutes}}<p class="error-message" id="minutes-error">{{error_minutes}}</p>{{/error_minutes}}
        <input id="minutes" name="minutes" inputmode="numeric" value="{{minutes}}" class="short"></div>
        <fieldset class="field {{#error_mode}}has-error{{/error_mode}}" id="mode"><legend>How did you meet?</legend>
        {{#error_mode}}<p class="error-message">{{error_mode}}</p>{{/error_mode}}
        <div class="check"><input type="radio" id="mode-online" name="mode" value="online" {{#online}}checked{{/online}}><label for="mode-online">Online</label></div>
        <div class="check"><input type="radio" id="mode-in-person" name="mode" value="in-person" {{#inPerson}}checked{{/inPerson}}><label for="mode-in-person">In person</label></div>
        </fieldset>
        <button type="submit" class="button" id="record-meeting">Record meeting</button>
        </form>{{/active}}
        """
}
