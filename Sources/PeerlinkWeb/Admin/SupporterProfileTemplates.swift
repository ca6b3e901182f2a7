// swift-format-ignore-file
extension Templates {
    /// The admin's supporter pages: the list, one profile (eligibility, supervision), the add and change form.
    static let adminSupporterPages: [(String, String)] = [
        ("admin-supporters", adminSupporters), ("admin-supporter", adminSupporter), ("admin-supporter-form", adminSupporterForm),
    ]

    static let adminSupporters = """
        \(errorSummary)
        <h1>Supporter profiles</h1>
        <p>Experienced heads who support others. A profile that is not eligible is kept but never offered to a head; the reasons are the daemon's, checked today.</p>
        <p><a class="button" href="/admin/supporters/new" id="add-supporter">Add a supporter profile</a></p>
        <form method="get" action="/admin/supporters" novalidate>
        <div class="field {{#error_status}}has-error{{/error_status}}"><label for="status">Status</label>
        {{#error_status}}<p class="error-message" id="status-error">{{error_status}}</p>{{/error_status}}
        <select id="status" name="status" class="short">{{#statuses}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
        <button type="submit" class="button secondary" id="filter-supporters">Show</button></form>
        {{#none}}<p id="no-supporters">No supporter profiles match.</p>{{/none}}
        {{^none}}<div class="table-wrap"><table id="supporters"><thead><tr><th scope="col">Id</th><th scope="col">Supporter</th><th scope="col">Skills</th><th scope="col">Engagements</th><th scope="col">Status</th><th scope="col">Eligibility</th></tr></thead><tbody>
        {{#rows}}<tr id="supporter-{{id}}"><td>{{id}}</td><td><a href="/admin/supporters/{{id}}">{{name}}</a><br><span class="hint">{{school}}</span></td><td>{{skills}}</td><td>{{load}}</td><td>{{status}}</td>
        <td>{{#eligible}}Eligible{{/eligible}}{{^eligible}}Not eligible:<ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/eligible}}</td></tr>{{/rows}}
        </tbody></table></div>{{/none}}
        """

    static let adminSupporter = """
        \(errorSummary)
        <h1>{{name}} <span class="caption">Supporter {{id}} · person {{personID}}</span></h1>
        <div class="banner{{^eligible}} warning{{/eligible}}" id="eligibility">{{#eligible}}<p>Eligible: this profile can be offered to heads.</p>{{/eligible}}
        {{^eligible}}<p>Not eligible, so never offered to a head, because:</p><ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/eligible}}</div>
        <p><a class="button secondary" href="/admin/supporters/{{id}}/edit" id="edit-supporter">Change the profile</a></p>
        <dl class="summary" id="profile">
        <dt>School</dt><dd>{{school}} (URN {{urn}})</dd><dt>Headship began</dt><dd>{{headshipStart}}</dd>
        <dt>Summary</dt><dd id="profile-summary">{{summary}}</dd><dt>Skills</dt><dd id="profile-skills">{{skills}}</dd>
        <dt>Regions served</dt><dd>{{regions}}</dd><dt>Engagements</dt><dd id="profile-capacity">{{active}} in progress of {{capacity}} at once</dd>
        <dt>Status</dt><dd id="profile-status">{{status}}</dd><dt>Supporter training</dt><dd id="profile-training">{{training}}</dd>
        <dt>Coaching record</dt><dd>{{coaching}}</dd><dt>Knows local processes</dt><dd>{{knowsLocal}}</dd>
        <dt>Inspection recorded by hand</dt><dd>{{inspection}}</dd><dt>Inspection used</dt><dd>{{inspectionBasis}}</dd>
        </dl>
        <h2>Supervision meetings</h2>
        {{#noSupervision}}<p id="no-supervision">No supervision meetings are recorded yet.</p>{{/noSupervision}}
        {{^noSupervision}}<div class="table-wrap"><table id="supervision"><thead><tr><th scope="col">Date</th><th scope="col">Minutes</th></tr></thead><tbody>
        {{#supervision}}<tr><td>{{date}}</td><td>{{minutes}}</td></tr>{{/supervision}}</tbody></table></div>{{/noSupervision}}
        <h2>Record a supervision meeting</h2>
        <p>Only the date and length are kept, never notes.</p>
        <form method="post" action="/admin/supporters/{{id}}/supervision" novalidate><input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_date}}has-error{{/error_date}}"><label for="date">Date</label><p class="hint" id="date-hint">The day it happened, up to today. For example, 2027-03-04</p>
        {{#error_date}}<p class="error-message" id="date-error">{{error_date}}</p>{{/error_date}}
        <input id="date" name="date" type="date" value="{{date}}" aria-describedby="date-hint{{#error_date}} date-error{{/error_date}}"></div>
        <div class="field {{#error_minutes}}has-error{{/error_minutes}}"><label for="minutes">Length in minutes</label><p class="hint" id="minutes-hint">From 1 to 480</p>
        {{#error_minutes}}<p class="error-message" id="minutes-error">{{error_minutes}}</p>{{/error_minutes}}
        <input id="minutes" name="minutes" inputmode="numeric" class="short" value="{{minutes}}" aria-describedby="minutes-hint{{#error_minutes}} minutes-error{{/error_minutes}}"></div>
        <button type="submit" class="button" id="record-supervision">Record supervision</button></form>
        <p><a href="/admin/supporters">All supporter profiles</a></p>
        """

    static let adminSupporterForm = """
        \(errorSummary)
        {{#editing}}<h1>Change the supporter profile <span class="caption">{{name}} · supporter {{id}}</span></h1>
        <form method="post" action="/admin/supporters/{{id}}" novalidate>{{/editing}}
        {{^editing}}<h1>Add a supporter profile</h1>
        <p>The supporter must be a person in peerlink first: add them on <a href="/admin/people">People and invitations</a>, which gives their person id.</p>
        <form method="post" action="/admin/supporters" novalidate>{{/editing}}
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{^editing}}<div class="field {{#error_person_id}}has-error{{/error_person_id}}"><label for="person_id">Person id</label><p class="hint" id="person_id-hint">A number like 12. Their headship start and school decide part of their eligibility.</p>
        {{#error_person_id}}<p class="error-message" id="person_id-error">{{error_person_id}}</p>{{/error_person_id}}
        <input id="person_id" name="person_id" inputmode="numeric" class="short" value="{{person_id}}" aria-describedby="person_id-hint{{#error_person_id}} person_id-error{{/error_person_id}}"></div>{{/editing}}
        <div class="field {{#error_summary}}has-error{{/error_summary}}"><label for="summary">Summary</label><p class="hint" id="summary-hint">Their background and skills, in up to 1000 characters. Heads see it with the profile, without the name.</p>
        {{#error_summary}}<p class="error-message" id="summary-error">{{error_summary}}</p>{{/error_summary}}
        <textarea id="summary" name="summary" rows="4" aria-describedby="summary-hint{{#error_summary}} summary-error{{/error_summary}}">{{summary}}</textarea></div>
        <fieldset class="field {{#error_skills}}has-error{{/error_skills}}" id="skills"><legend>Standards and themes they can help with</legend>
        {{#error_skills}}<p class="error-message" id="skills-error">{{error_skills}}</p>{{/error_skills}}
        <div class="checks">{{#areas}}<div class="check"><input type="checkbox" id="skill-{{id}}" name="skills" value="{{id}}" {{#checked}}checked{{/checked}}><label for="skill-{{id}}">{{name}} <span class="hint">({{kind}})</span></label></div>{{/areas}}</div>
        </fieldset>
        <div class="field {{#error_regions_served}}has-error{{/error_regions_served}}"><label for="regions_served">Regions served</label><p class="hint" id="regions_served-hint">Separate them with commas, for example South East, London</p>
        {{#error_regions_served}}<p class="error-message" id="regions_served-error">{{error_regions_served}}</p>{{/error_regions_served}}
        <input id="regions_served" name="regions_served" value="{{regions_served}}" aria-describedby="regions_served-hint"></div>
        <div class="field {{#error_capacity}}has-error{{/error_capacity}}"><label for="capacity">Engagements they can carry at once</label><p class="hint" id="capacity-hint">From 1 to {{maxCapacity}}</p>
        {{#error_capacity}}<p class="error-message" id="capacity-error">{{error_capacity}}</p>{{/error_capacity}}
        <input id="capacity" name="capacity" inputmode="numeric" class="short" value="{{capacity}}" aria-describedby="capacity-hint{{#error_capacity}} capacity-error{{/error_capacity}}"></div>
        <fieldset class="field {{#error_status}}has-error{{/error_status}}" id="status"><legend>Status</legend><p class="hint">Only active profiles are offered to heads. A retired profile cannot be made active again: add a new one if they return.</p>
        {{#error_status}}<p class="error-message" id="status-error">{{error_status}}</p>{{/error_status}}
        {{#statuses}}<div class="check"><input type="radio" id="status-{{value}}" name="status" value="{{value}}" {{#checked}}checked{{/checked}}><label for="status-{{value}}">{{value}}</label></div>{{/statuses}}
        </fieldset>
        <div class="field {{#error_training_completed}}has-error{{/error_training_completed}}"><label for="training_completed">Day they completed supporter training</label><p class="hint" id="training_completed-hint">For example, 2025-06-30. Leave empty if they have not{{#editing}}; once recorded it can be changed but not removed{{/editing}}.</p>
        {{#error_training_completed}}<p class="error-message" id="training_completed-error">{{error_training_completed}}</p>{{/error_training_completed}}
        <input id="training_completed" name="training_completed" type="date" value="{{training_completed}}" aria-describedby="training_completed-hint{{#error_training_completed}} training_completed-error{{/error_training_completed}}"></div>
        <div class="field {{#error_coaching_record}}has-error{{/error_coaching_record}}"><label for="coaching_record">Coaching or mentoring record</label><p class="hint" id="coaching_record-hint">Their track record, in up to 1000 characters</p>
        {{#error_coaching_record}}<p class="error-message" id="coaching_record-error">{{error_coaching_record}}</p>{{/error_coaching_record}}
        <textarea id="coaching_record" name="coaching_record" rows="3" aria-describedby="coaching_record-hint{{#error_coaching_record}} coaching_record-error{{/error_coaching_record}}">{{coaching_record}}</textarea></div>
        <div class="field {{#error_knows_local_processes}}has-error{{/error_knows_local_processes}}">
        {{#error_knows_local_processes}}<p class="error-message">{{error_knows_local_processes}}</p>{{/error_knows_local_processes}}
        <div class="check"><input type="checkbox" id="knows_local_processes" name="knows_local_processes" value="yes" {{#knowsLocal}}checked{{/knowsLocal}}><label for="knows_local_processes">They know the authority's local processes</label></div></div>
        <div class="field {{#error_recorded_inspection}}has-error{{/error_recorded_inspection}}"><label for="recorded_inspection">Their school's inspection outcome</label><p class="hint" id="recorded_inspection-hint">Only when the register holds none for the school{{#editing}}; once recorded it can be changed but not removed{{/editing}}</p>
        {{#error_recorded_inspection}}<p class="error-message" id="recorded_inspection-error">{{error_recorded_inspection}}</p>{{/error_recorded_inspection}}
        <select id="recorded_inspection" name="recorded_inspection" aria-describedby="recorded_inspection-hint">{{#inspections}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/inspections}}</select></div>
        <button type="submit" class="button" id="save-supporter">{{#editing}}Save changes{{/editing}}{{^editing}}Add profile{{/editing}}</button>
        </form>
        {{#editing}}<p><a href="/admin/supporters/{{id}}">Back to the profile</a></p>{{/editing}}
        """
}
