// swift-format-ignore-file
extension Templates {
    /// A head's pages: their school's nominations and peer support.
    static let headPages: [(String, String)] = [("nominations", nominations), ("nomination-new", nominationNew), ("support", support), ("profiles", profiles)]

    static let nominations = """
        <h1>Nominations <span class="caption">{{school}} (URN {{urn}})</span></h1>
        {{#canNominate}}<p><a class="button" href="/schools/{{urn}}/nominations/new" id="nominate">Nominate a member of staff</a></p>{{/canNominate}}
        {{#none}}<p id="no-nominations">This school has no nominations yet.</p>{{/none}}
        {{^none}}<div class="table-wrap"><table id="nominations"><caption class="visually-hidden">Nominations of {{school}}</caption>
        <thead><tr><th scope="col">Nominee</th><th scope="col">Areas and strengths</th><th scope="col">Capacity</th><th scope="col">Modes</th><th scope="col">Consent</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
        {{#rows}}<tr><td>{{name}}<br><span class="hint">{{role}} · {{email}}</span></td>
        <td><ul class="plain">{{#areas}}<li><strong>{{area}}</strong>{{#strength}}: {{strength}}{{/strength}}</li>{{/areas}}</ul></td>
        <td>{{open}} of {{capacity}} links</td><td>{{modes}}</td><td>{{consent}}</td><td>{{status}}</td>
        <td>{{#canWithdraw}}<form method="post" action="/nominations/{{id}}/withdraw"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="button secondary">Withdraw<span class="visually-hidden"> {{name}}</span></button></form>{{/canWithdraw}}</td></tr>{{/rows}}
        </tbody></table></div>{{/none}}
        """

    static let nominationNew = """
        \(errorSummary)
        <h1>Nominate a member of staff <span class="caption">{{school}}</span></h1>
        <form method="post" action="/schools/{{urn}}/nominations" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_name}}has-error{{/error_name}}"><label for="name">Full name</label>
        {{#error_name}}<p class="error-message" id="name-error">{{error_name}}</p>{{/error_name}}
        <input id="name" name="name" value="{{name}}" autocomplete="off" {{#error_name}}aria-describedby="name-error"{{/error_name}}></div>
        <div class="field {{#error_email}}has-error{{/error_email}}"><label for="email">Work email address</label>
        {{#error_email}}<p class="error-message" id="email-error">{{error_email}}</p>{{/error_email}}
        <input id="email" name="email" type="email" value="{{email}}" spellcheck="false" {{#error_email}}aria-describedby="email-error"{{/error_email}}></div>
        <div class="field {{#error_role}}has-error{{/error_role}}"><label for="role">Job role</label><p class="hint" id="role-hint">For example, Head of Computing</p>
        {{#error_role}}<p class="error-message" id="role-error">{{error_role}}</p>{{/error_role}}
        <input id="role" name="role" value="{{role}}" aria-describedby="role-hint"></div>
        <fieldset class="field {{#error_area1}}has-error{{/error_area1}}"><legend>Areas they can support, and their strength in each</legend>
        {{#error_area1}}<p class="error-message" id="area1-error">{{error_area1}}</p>{{/error_area1}}
        {{#rows}}<div class="area-row"><label for="area{{i}}">Area {{i}}</label>
        <select id="area{{i}}" name="area{{i}}"><option value="">Choose an area</option>{{#options}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{name}}</option>{{/options}}</select>
        <label for="strength{{i}}">Strength in area {{i}}</label><textarea id="strength{{i}}" name="strength{{i}}" rows="2">{{strength}}</textarea></div>{{/rows}}
        </fieldset>
        <div class="field {{#error_capacity}}has-error{{/error_capacity}}"><label for="capacity">How many schools they can support at once</label>
        {{#error_capacity}}<p class="error-message" id="capacity-error">{{error_capacity}}</p>{{/error_capacity}}
        <input id="capacity" name="capacity" inputmode="numeric" class="short" value="{{capacity}}"></div>
        <fieldset class="field {{#error_modes}}has-error{{/error_modes}}" id="modes"><legend>How they can work</legend>
        {{#error_modes}}<p class="error-message">{{error_modes}}</p>{{/error_modes}}
        <div class="check"><input type="checkbox" id="mode-in-person" name="modes" value="in-person" {{#inPerson}}checked{{/inPerson}}><label for="mode-in-person">In person</label></div>
        <div class="check"><input type="checkbox" id="mode-online" name="modes" value="online" {{#online}}checked{{/online}}><label for="mode-online">Online</label></div>
        </fieldset>
        <div class="field {{#error_consent}}has-error{{/error_consent}}">
        {{#error_consent}}<p class="error-message" id="consent-error">{{error_consent}}</p>{{/error_consent}}
        <div class="check"><input type="checkbox" id="consent" name="consent" value="yes" {{#consent}}checked{{/consent}}><label for="consent">The member of staff agreed to be listed</label></div></div>
        <button type="submit" class="button" id="save-nomination">Save nomination</button>
        </form>
        """

    static let support = """
        \(errorSummary)
        <h1>Ask for peer support</h1>
        <p>Tell us what you would like support with. You will see the profiles of supporters who match, without their names, and choose one.</p>
        <form method="post" action="/support" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset class="field {{#error_concerns}}has-error{{/error_concerns}}" id="concerns"><legend>Areas</legend>
        {{#error_concerns}}<p class="error-message">{{error_concerns}}</p>{{/error_concerns}}
        <div class="checks">{{#areas}}<div class="check"><input type="checkbox" id="concern-{{id}}" name="concerns" value="{{id}}" {{#checked}}checked{{/checked}}><label for="concern-{{id}}">{{name}}</label></div>{{/areas}}</div>
        </fieldset>
        <fieldset class="field {{#error_mode}}has-error{{/error_mode}}" id="mode"><legend>How would you like to meet?</legend>
        {{#error_mode}}<p class="error-message">{{error_mode}}</p>{{/error_mode}}
        <div class="check"><input type="radio" id="mode-online" name="mode" value="online" {{#online}}checked{{/online}}><label for="mode-online">Online</label></div>
        <div class="check"><input type="radio" id="mode-in-person" name="mode" value="in-person" {{#inPerson}}checked{{/inPerson}}><label for="mode-in-person">In person</label></div>
        </fieldset>
        <button type="submit" class="button" id="ask">See matching supporters</button>
        </form>
        """

    static let profiles = """
        <h1>Choose a peer supporter</h1>
        <p>These supporters match your request. Their names are shown once you have chosen one. A profile you decline is not offered to you again for this request.</p>
        {{#none}}<p id="no-profiles">No supporter matches this request yet. Your administrator has been told; try again later.</p>{{/none}}
        <ol class="cards" id="profiles">{{#cards}}<li class="card"><h2>Supporter {{number}}</h2>
        <dl><dt>Region</dt><dd>{{region}}</dd><dt>School</dt><dd>{{school}}</dd>
        {{#skills}}<dt>Skills</dt><dd>{{skills}}</dd>{{/skills}}{{#distance}}<dt>Distance</dt><dd>{{distance}}</dd>{{/distance}}<dt>Match</dt><dd>{{score}}</dd></dl>
        {{#summary}}<p>{{summary}}</p>{{/summary}}
        <ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>
        <form method="post" action="/support/{{requestID}}/choose"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="supporter_id" value="{{supporterID}}">
        <button type="submit" class="button">Choose supporter {{number}}</button></form>
        <form method="post" action="/support/{{requestID}}/decline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="supporter_id" value="{{supporterID}}">
        <button type="submit" class="button secondary" id="decline-{{number}}">Decline supporter {{number}}</button></form></li>{{/cards}}</ol>
        """
}
