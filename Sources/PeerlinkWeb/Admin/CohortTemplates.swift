// swift-format-ignore-file
extension Templates {
    /// The admin's cohort pages: the list and create form, a cohort, the grouping preview, the sessions.
    static let cohortPages: [(String, String)] = [("cohorts", cohorts), ("cohort", cohort), ("cohort-plan", cohortPlan), ("cohort-sessions", cohortSessions), ("cohort-groups", cohortGroups)]

    /// The groups table, shared by the cohort page and the preview (`{{> cohort-groups}}`).
    static let cohortGroups = """
        <div class="table-wrap"><table id="groups" class="scores"><thead><tr><th scope="col">Group</th><th scope="col">Phase</th><th scope="col">Members</th><th scope="col">Facilitator</th><th scope="col">Pairs from one LA</th><th scope="col">Pairs from one region</th><th scope="col">Score</th></tr></thead><tbody>
        {{#groups}}<tr><td>{{number}}</td><td>{{phase}}</td><td><ul class="plain">{{#members}}<li>{{name}} <span class="hint">{{school}}, {{la}}</span></li>{{/members}}</ul></td><td>{{facilitator}}</td><td>{{sameLA}}</td><td>{{sameRegion}}</td><td>{{score}}</td></tr>{{/groups}}
        </tbody></table></div>
        """

    static let cohorts = """
        \(errorSummary)
        <h1>Cohorts</h1>
        <p>Early-headship peer groups: heads in their first five years apply, are placed in small groups by phase, and meet six times with a facilitator.</p>
        {{#none}}<p id="no-cohorts">There are no cohorts yet.</p>{{/none}}
        {{^none}}<div class="table-wrap"><table id="cohorts"><thead><tr><th scope="col">Cohort</th><th scope="col">Runs</th><th scope="col">Cap</th><th scope="col">Group sizes</th><th scope="col">Participants</th><th scope="col">Wait-listed</th><th scope="col">Groups</th></tr></thead><tbody>
        {{#rows}}<tr><td><a href="/admin/cohorts/{{id}}">{{name}}</a></td><td>{{start}} to {{end}}</td><td>{{cap}}</td><td>{{sizes}}</td><td>{{participants}}</td><td>{{waitListed}}</td><td>{{groups}}</td></tr>{{/rows}}
        </tbody></table></div>{{/none}}
        <h2>Create a cohort</h2>
        <form method="post" action="/admin/cohorts" novalidate><input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_name}}has-error{{/error_name}}"><label for="name">Name</label><p class="hint" id="name-hint">For example, Spring 2027</p>
        {{#error_name}}<p class="error-message" id="name-error">{{error_name}}</p>{{/error_name}}
        <input id="name" name="name" value="{{name}}" aria-describedby="name-hint{{#error_name}} name-error{{/error_name}}"></div>
        <div class="field {{#error_start}}has-error{{/error_start}}"><label for="start">First day</label><p class="hint" id="start-hint">The cohort runs for twelve months from this day. For example, 2027-01-04</p>
        {{#error_start}}<p class="error-message" id="start-error">{{error_start}}</p>{{/error_start}}
        <input id="start" name="start" type="date" value="{{start}}" aria-describedby="start-hint{{#error_start}} start-error{{/error_start}}"></div>
        <div class="field {{#error_cap}}has-error{{/error_cap}}"><label for="cap">Most participants (optional)</label><p class="hint" id="cap-hint">Applicants beyond it are wait-listed. Leave empty for an open cohort.</p>
        {{#error_cap}}<p class="error-message" id="cap-error">{{error_cap}}</p>{{/error_cap}}
        <input id="cap" name="cap" inputmode="numeric" class="short" value="{{cap}}" aria-describedby="cap-hint{{#error_cap}} cap-error{{/error_cap}}"></div>
        <fieldset class="field {{#error_group_size}}has-error{{/error_group_size}}" id="group_size"><legend>Group size</legend><p class="hint">Between {{lowest}} and {{highest}} heads in each group</p>
        {{#error_group_size}}<p class="error-message" id="group_size-error">{{error_group_size}}</p>{{/error_group_size}}
        <label for="min_group_size">Smallest</label><input id="min_group_size" name="min_group_size" inputmode="numeric" class="short" value="{{min_group_size}}">
        <label for="max_group_size">Largest</label><input id="max_group_size" name="max_group_size" inputmode="numeric" class="short" value="{{max_group_size}}">
        </fieldset>
        <div class="field {{#error_session_start}}has-error{{/error_session_start}}"><label for="session_start">When sessions start (optional)</label><p class="hint" id="session_start-hint">England's time, for example 13:30. Leave empty for the planner to choose, nearest midday.</p>
        {{#error_session_start}}<p class="error-message" id="session_start-error">{{error_session_start}}</p>{{/error_session_start}}
        <input id="session_start" name="session_start" type="time" class="short" value="{{session_start}}" aria-describedby="session_start-hint{{#error_session_start}} session_start-error{{/error_session_start}}"></div>
        <fieldset class="field {{#error_session_days}}has-error{{/error_session_days}}" id="session_days"><legend>Days sessions may fall on (optional)</legend><p class="hint">None chosen: any weekday</p>
        {{#error_session_days}}<p class="error-message" id="session_days-error">{{error_session_days}}</p>{{/error_session_days}}
        {{#days}}<div class="check"><input type="checkbox" id="day-{{value}}" name="session_days" value="{{value}}" {{#checked}}checked{{/checked}}><label for="day-{{value}}">{{label}}</label></div>{{/days}}
        </fieldset>
        <button type="submit" class="button" id="create-cohort">Create cohort</button></form>
        """

    static let cohort = """
        \(errorSummary)
        <h1>{{name}} <span class="caption">Cohort {{id}}</span></h1>
        <dl class="summary" id="cohort"><dt>Runs</dt><dd>{{start}} to {{end}}</dd><dt>Cap</dt><dd>{{cap}}</dd><dt>Group size</dt><dd>{{sizes}}</dd><dt>Sessions start</dt><dd>{{sessionStart}}</dd><dt>Session days</dt><dd>{{sessionDays}}</dd></dl>
        <p><a class="button" href="/admin/cohorts/{{id}}/plan" id="preview-groups">Preview the groups</a> <a class="button secondary" href="/admin/cohorts/{{id}}/sessions" id="see-sessions">Sessions</a></p>
        <h2>Applicants</h2>
        <h3>Accepted ({{participantCount}})</h3>
        {{#noParticipants}}<p id="no-participants">No head has been accepted yet.</p>{{/noParticipants}}
        {{^noParticipants}}<div class="table-wrap"><table id="participants"><thead><tr><th scope="col">Order</th><th scope="col">Head</th><th scope="col">School</th><th scope="col">LA</th><th scope="col">Region</th><th scope="col">Phase</th></tr></thead><tbody>
        {{#participants}}<tr><td>{{position}}</td><td>{{name}} <span class="hint">person {{personID}}</span></td><td>{{school}}</td><td>{{la}}</td><td>{{region}}</td><td>{{phase}}</td></tr>{{/participants}}
        </tbody></table></div>{{/noParticipants}}
        {{#hasWaitList}}<h3>Wait-list</h3><div class="table-wrap"><table id="wait-list"><thead><tr><th scope="col">Place</th><th scope="col">Head</th><th scope="col">School</th><th scope="col">LA</th></tr></thead><tbody>
        {{#waitList}}<tr><td>{{place}}</td><td>{{name}} <span class="hint">person {{personID}}</span></td><td>{{school}}</td><td>{{la}}</td></tr>{{/waitList}}
        </tbody></table></div>{{/hasWaitList}}
        {{#hasWithdrawn}}<p>{{withdrawn}} withdrawn.</p>{{/hasWithdrawn}}
        <h2>Facilitators</h2>
        {{#noFacilitators}}<p id="no-facilitators">No facilitators yet: every group needs one who works apart from its members' schools and trusts.</p>{{/noFacilitators}}
        {{^noFacilitators}}<div class="table-wrap"><table id="facilitators"><thead><tr><th scope="col">Facilitator</th><th scope="col">School</th><th scope="col">Groups now</th><th scope="col">Most groups</th></tr></thead><tbody>
        {{#facilitators}}<tr><td>{{name}} <span class="hint">person {{personID}}</span></td><td>{{school}}</td><td>{{groups}}</td><td>{{maxGroups}}</td></tr>{{/facilitators}}
        </tbody></table></div>{{/noFacilitators}}
        <h3>Add a facilitator</h3>
        <form method="post" action="/admin/cohorts/{{id}}/facilitators" novalidate><input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_person_id}}has-error{{/error_person_id}}"><label for="person_id">Person id</label><p class="hint" id="person_id-hint">A number like 12; a person who is not an applicant. Adding someone again changes their most groups.</p>
        {{#error_person_id}}<p class="error-message" id="person_id-error">{{error_person_id}}</p>{{/error_person_id}}
        <input id="person_id" name="person_id" inputmode="numeric" class="short" value="{{person_id}}" aria-describedby="person_id-hint{{#error_person_id}} person_id-error{{/error_person_id}}"></div>
        <div class="field {{#error_max_groups}}has-error{{/error_max_groups}}"><label for="max_groups">Most groups they take</label><p class="hint" id="max_groups-hint">From 1 to {{maxGroupsAllowed}}</p>
        {{#error_max_groups}}<p class="error-message" id="max_groups-error">{{error_max_groups}}</p>{{/error_max_groups}}
        <input id="max_groups" name="max_groups" inputmode="numeric" class="short" value="{{max_groups}}" aria-describedby="max_groups-hint{{#error_max_groups}} max_groups-error{{/error_max_groups}}"></div>
        <button type="submit" class="button secondary" id="add-facilitator">Add facilitator</button></form>
        <h2>Groups</h2>
        {{#hasGroups}}{{> cohort-groups}}{{/hasGroups}}
        {{^hasGroups}}<p id="no-groups">No groups are formed yet. Preview them first; forming them emails each member.</p>{{/hasGroups}}
        <p><a href="/admin/cohorts">All cohorts</a></p>
        """

    static let cohortPlan = """
        \(errorSummary)
        <h1>Preview the groups <span class="caption">{{name}}</span></h1>
        <p>Nothing is stored and nobody is emailed until you form the groups. Groups keep to the size range and one phase each, never put two heads of one trust together, spread authorities and regions as evenly as they can, and each gets a facilitator independent of its members.</p>
        <form method="get" action="/admin/cohorts/{{id}}/plan" novalidate>
        <div class="field {{#error_seed}}has-error{{/error_seed}}"><label for="seed">Seed</label><p class="hint" id="seed-hint">Another seed may give other groups of the same quality; the same seed gives the same groups.</p>
        {{#error_seed}}<p class="error-message" id="seed-error">{{error_seed}}</p>{{/error_seed}}
        <input id="seed" name="seed" inputmode="numeric" class="short" value="{{seed}}" aria-describedby="seed-hint{{#error_seed}} seed-error{{/error_seed}}"></div>
        <div class="check"><input type="checkbox" id="keep" name="keep" value="yes" {{#keep}}checked{{/keep}}><label for="keep">Keep earlier groups together where possible (their members have already met)</label></div>
        <button type="submit" class="button secondary" id="replan">Preview again</button></form>
        {{#planned}}
        <h2>Quality</h2>
        <dl class="summary" id="quality"><dt>Groups formed</dt><dd id="groups-formed">{{groupsFormed}}</dd><dt>Heads placed in a group</dt><dd id="placed">{{placed}}</dd><dt>Heads not placed</dt><dd id="unplaced-count">{{unplaced}}</dd>
        <dt>Pairs in a group from the same local authority</dt><dd id="same-la">{{sameLA}}</dd><dt>Pairs in a group from the same region</dt><dd id="same-region">{{sameRegion}}</dd>
        <dt>Score of the least varied group</dt><dd id="worst-score">{{worst}}</dd><dt>Groups without a facilitator</dt><dd id="without-facilitator">{{withoutFacilitator}}</dd>{{#keep}}<dt>Members kept in their earlier group</dt><dd>{{keptMembers}}</dd>{{/keep}}</dl>
        <p class="hint">A group scores 100 when no two of its members share a local authority or a region; each shared authority or region takes some off. Forming makes the lowest score as high as it can.</p>
        {{#hasGroups}}<h2>Groups</h2>{{> cohort-groups}}{{/hasGroups}}
        {{#hasUnplaced}}<h2>Not placed</h2><ul id="unplaced">{{#unplacedList}}<li><strong>{{name}}</strong> (person {{personID}}): {{reason}}</li>{{/unplacedList}}</ul>{{/hasUnplaced}}
        {{#notes}}<p class="hint">{{.}}</p>{{/notes}}
        <h2>Sessions</h2>
        <p id="sessions-planned">{{sessionsPlanned}} sessions would be planned{{#hasKept}}, {{sessionsKept}} kept as they are{{/hasKept}}.</p>
        {{#hasUnscheduled}}<ul id="unscheduled">{{#unscheduled}}<li>Group {{group}}: {{reason}}</li>{{/unscheduled}}</ul>{{/hasUnscheduled}}
        {{#canForm}}<form method="post" action="/admin/cohorts/{{id}}/form" id="form-groups"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="seed" value="{{seed}}">{{#keep}}<input type="hidden" name="keep" value="yes">{{/keep}}
        <p>Forming stores these groups and their sessions, and emails each member their group and dates, and each facilitator their groups.</p>
        <button type="submit" class="button" id="form-groups-button">Form these groups</button></form>{{/canForm}}
        {{/planned}}
        <p><a href="/admin/cohorts/{{id}}">Back to the cohort</a></p>
        """

    static let cohortSessions = """
        <h1>Sessions <span class="caption">{{name}}</span></h1>
        <p>Six sessions of 90 minutes for each group, in time order; times are England's.</p>
        {{#none}}<p id="no-sessions">No sessions are planned yet: they are planned when the groups are formed.</p>{{/none}}
        {{^none}}<p><a href="/admin/cohorts/{{id}}/sessions?format=ics" id="download-ics">Download as a calendar (.ics)</a></p>
        <div class="table-wrap"><table id="sessions"><thead><tr><th scope="col">Group</th><th scope="col">Session</th><th scope="col">Day</th><th scope="col">Starts</th><th scope="col">Minutes</th><th scope="col">Facilitator</th></tr></thead><tbody>
        {{#rows}}<tr><td>{{group}}</td><td>{{number}} of 6</td><td>{{weekday}}</td><td>{{start}}</td><td>{{minutes}}</td><td>{{facilitator}}</td></tr>{{/rows}}
        </tbody></table></div>{{/none}}
        <p><a href="/admin/cohorts/{{id}}">Back to the cohort</a></p>
        """
}
