// swift-format-ignore-file
extension Templates {
    /// Asking for help in an area: the form, the school's open requests, the links made.
    static let helpRequestPages: [(String, String)] = [("help", help)]

    static let help = """
        \(errorSummary)
        <h1>Ask for help in an area <span class="caption">{{school}} (URN {{urn}})</span></h1>
        <p>Tell the advisers what your school would like help with. They look for a member of staff at another school who is strong in that area and link the two schools; you get an email when they do.</p>
        <form method="post" action="/schools/{{urn}}/help" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_area}}has-error{{/error_area}}"><label for="area">Area</label>
        <p class="hint" id="area-hint">A subject, or a part of leading a school</p>
        {{#error_area}}<p class="error-message" id="area-error">{{error_area}}</p>{{/error_area}}
        <select id="area" name="area" aria-describedby="area-hint{{#error_area}} area-error{{/error_area}}"><option value="">Choose an area</option>
        {{#groups}}<optgroup label="{{label}}">{{#options}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{name}}</option>{{/options}}</optgroup>{{/groups}}
        </select></div>
        <fieldset class="field {{#error_mode}}has-error{{/error_mode}}" id="mode"><legend>How could the other school help?</legend>
        {{#error_mode}}<p class="error-message">{{error_mode}}</p>{{/error_mode}}
        <div class="check"><input type="radio" id="mode-in-person" name="mode" value="in-person" {{#inPerson}}checked{{/inPerson}}><label for="mode-in-person">In person</label></div>
        <div class="check"><input type="radio" id="mode-online" name="mode" value="online" {{#online}}checked{{/online}}><label for="mode-online">Online</label></div>
        <div class="check"><input type="radio" id="mode-any" name="mode" value="any" {{#either}}checked{{/either}}><label for="mode-any">Either</label></div>
        </fieldset>
        <div class="field {{#error_notes}}has-error{{/error_notes}}"><label for="notes">Notes (optional)</label>
        <p class="hint" id="notes-hint">What you need, for whom, and when; for example, Year 5 reasoning this spring term. Up to 2,000 characters.</p>
        {{#error_notes}}<p class="error-message" id="notes-error">{{error_notes}}</p>{{/error_notes}}
        <textarea id="notes" name="notes" rows="4" aria-describedby="notes-hint{{#error_notes}} notes-error{{/error_notes}}">{{notes}}</textarea></div>
        <button type="submit" class="button" id="ask-help">Ask for help</button>
        </form>

        <h2 id="open-requests-heading">Your open requests</h2>
        {{#hasRequests}}<div class="table-wrap"><table id="open-requests" aria-labelledby="open-requests-heading"><thead><tr><th scope="col">Area</th><th scope="col">Mode</th><th scope="col">Notes</th><th scope="col">Asked</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
        {{#requests}}<tr id="request-{{id}}"><td>{{area}}</td><td>{{mode}}</td><td>{{notes}}</td><td>{{asked}}</td>
        <td><form method="post" action="/link-requests/{{id}}/cancel"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="button secondary" id="cancel-{{id}}">Cancel<span class="visually-hidden"> the request for help in {{area}}</span></button></form></td></tr>{{/requests}}
        </tbody></table></div>{{/hasRequests}}
        {{^hasRequests}}<p id="no-requests">You have no open requests.</p>{{/hasRequests}}

        <h2 id="received-heading">Help arranged for your school</h2>
        {{#hasReceived}}<div class="table-wrap"><table id="received" aria-labelledby="received-heading"><thead><tr><th scope="col">Area</th><th scope="col">Who helps</th><th scope="col">Mode</th><th scope="col">Linked</th><th scope="col">Status</th></tr></thead><tbody>
        {{#received}}<tr><td>{{area}}</td><td>{{nominee}}, {{nomineeSchool}}</td><td>{{mode}}</td><td>{{made}}</td><td>{{status}}{{#outcome}}: {{outcome}}{{/outcome}}</td></tr>{{/received}}
        </tbody></table></div>{{/hasReceived}}
        {{^hasReceived}}<p id="no-received">No links yet. When an adviser links your school, the member of staff who will help is shown here.</p>{{/hasReceived}}
        {{#hasGiven}}<h2 id="given-heading">Your staff helping other schools</h2>
        <div class="table-wrap"><table id="given" aria-labelledby="given-heading"><thead><tr><th scope="col">School helped</th><th scope="col">Area</th><th scope="col">Your member of staff</th><th scope="col">Linked</th><th scope="col">Status</th></tr></thead><tbody>
        {{#given}}<tr><td>{{requester}}</td><td>{{area}}</td><td>{{nominee}}</td><td>{{made}}</td><td>{{status}}{{#outcome}}: {{outcome}}{{/outcome}}</td></tr>{{/given}}
        </tbody></table></div>{{/hasGiven}}
        """
}
