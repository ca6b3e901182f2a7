// swift-format-ignore-file
extension Templates {
    /// An adviser's pages (admins see them too).
    static let adviserPages: [(String, String)] = [("schools", schools), ("match", match), ("coverage", coverage), ("links", links)]

    static let schools = """
        <h1>Find a school</h1>
        <form method="get" action="/schools" role="search"><div class="field"><label for="q">School name or URN</label>
        <input id="q" name="q" value="{{q}}"></div><button type="submit" class="button" id="search">Search</button></form>
        {{#none}}<p id="no-schools">No school matches “{{q}}”.</p>{{/none}}
        {{#hasRows}}<div class="table-wrap"><table id="schools"><thead><tr><th scope="col">School</th><th scope="col">URN</th><th scope="col">Phase</th><th scope="col">Town</th><th scope="col">Local authority</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>{{/hasRows}}
        {{#rows}}<tr><td>{{name}}</td><td>{{urn}}</td><td>{{phase}}</td><td>{{town}}</td><td>{{la}}</td><td><a href="/match?urn={{urn}}">Find support<span class="visually-hidden"> for {{name}}</span></a> · <a href="/schools/{{urn}}/nominations">Nominations<span class="visually-hidden"> of {{name}}</span></a></td></tr>{{/rows}}
        {{#hasRows}}</tbody></table></div>{{/hasRows}}
        """

    static let match = """
        \(errorSummary)
        <h1>Link match</h1>
        <form method="get" action="/match" class="match-form" novalidate>
        {{#requestID}}<input type="hidden" name="request" value="{{requestID}}"><p id="for-request">For open request {{requestID}}: a link made here answers it.</p>{{/requestID}}
        <div class="field {{#error_urn}}has-error{{/error_urn}}"><label for="urn">Requesting school's URN</label>
        {{#error_urn}}<p class="error-message" id="urn-error">{{error_urn}}</p>{{/error_urn}}
        <input id="urn" name="urn" value="{{urn}}" inputmode="numeric" class="short"></div>
        <div class="field {{#error_area}}has-error{{/error_area}}"><label for="area">Area it needs help with</label>
        {{#error_area}}<p class="error-message" id="area-error">{{error_area}}</p>{{/error_area}}
        <select id="area" name="area"><option value="">Choose an area</option>{{#areas}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{name}}</option>{{/areas}}</select></div>
        <div class="field"><label for="mode">How they would work</label><select id="mode" name="mode">{{#modes}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/modes}}</select></div>
        <button type="submit" class="button" id="run-match">Find nominees</button>
        </form>
        {{#result}}<section id="result" aria-labelledby="result-heading">
        <h2 id="result-heading">Nominees for {{requester}} (URN {{requesterURN}}) in {{area}}</h2>
        <p id="considered">{{considered}} {{consideredNoun}} considered. Weights: {{weights}}.</p>
        <h3>Removed before ranking</h3>
        {{#noneRemoved}}<p id="removed">None.</p>{{/noneRemoved}}
        <ul id="removed-counts">{{#removed}}<li>{{why}}: {{count}}</li>{{/removed}}</ul>
        {{#noHits}}<p id="no-hits">No nominee matches. Try another area or mode.</p>{{/noHits}}
        <ol class="hits" id="hits">{{#hits}}<li class="card hit"><h3>{{rank}}. {{name}} <span class="caption">{{role}}, {{school}} ({{phase}}, {{la}})</span></h3>
        {{#strength}}<p class="strength">“{{strength}}”</p>{{/strength}}
        {{#isRelated}}<p class="hint">Covers the related area {{related}}</p>{{/isRelated}}
        <div class="table-wrap"><table class="scores"><caption class="visually-hidden">Scores of {{name}}</caption><thead><tr><th scope="col">Total</th><th scope="col">Expertise</th><th scope="col">Context</th><th scope="col">Proximity</th><th scope="col">Novelty</th><th scope="col">Availability</th><th scope="col">Distance</th><th scope="col">Links</th></tr></thead>
        <tbody><tr><td><strong>{{total}}</strong></td><td>{{expertise}}</td><td>{{context}}</td><td>{{proximity}}</td><td>{{novelty}}</td><td>{{availability}}</td><td>{{distance}}</td><td>{{load}}</td></tr></tbody></table></div>
        <ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>
        <form method="post" action="/links"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="urn" value="{{urn}}"><input type="hidden" name="area" value="{{area}}"><input type="hidden" name="mode" value="{{mode}}"><input type="hidden" name="nomination_id" value="{{nominationID}}">{{#requestID}}<input type="hidden" name="request_id" value="{{requestID}}">{{/requestID}}{{#isRelated}}<input type="hidden" name="related" value="yes">{{/isRelated}}
        <button type="submit" class="button">Create link<span class="visually-hidden"> with {{name}}</span></button></form></li>{{/hits}}</ol>
        </section>{{/result}}
        """

    static let coverage = """
        <h1>Coverage</h1>
        <p>Available nominees (supply) against open requests (demand) for each area, across {{groupCount}} {{units}} with an open school.</p>
        <form method="get" action="/coverage" class="match-form">
        <div class="field"><label for="by">Group by</label><select id="by" name="by"><option value="la"{{#byLA}} selected{{/byLA}}>Local authority</option><option value="region"{{#byRegion}} selected{{/byRegion}}>Region</option></select></div>
        <div class="field"><label for="phase">Phase</label><select id="phase" name="phase">{{#phases}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/phases}}</select></div>
        <button type="submit" id="show-coverage" class="button">Show coverage</button>
        </form>
        <p><a id="coverage-csv" href="{{csvHref}}" download>Download as CSV</a> (opens in Excel: one row per area and {{unit}})</p>
        {{#hasAsked}}<h2 id="asked-heading">Asked for, nobody offers</h2><ul id="asked">{{#asked}}<li>{{.}}</li>{{/asked}}</ul>{{/hasAsked}}
        {{#hasAreas}}<div class="table-wrap"><table id="coverage"><thead><tr><th scope="col">Area</th><th scope="col">Nominees</th><th scope="col">Open requests</th><th scope="col">Where</th><th scope="col">Short of nominees</th><th scope="col">{{units}} with none</th></tr></thead><tbody>
        {{#areas}}<tr><td>{{area}}</td><td>{{total}}</td><td>{{requests}}</td><td>{{where}}</td><td>{{short}}</td><td>{{none}}</td></tr>{{/areas}}
        </tbody></table></div>{{/hasAreas}}
        {{^hasAreas}}<p>No areas yet.</p>{{/hasAreas}}
        """

    static let links = """
        <h1>Requests and links</h1>
        <h2 id="requests-heading">Open requests</h2>
        {{#hasRequests}}<div class="table-wrap"><table id="requests"><thead><tr><th scope="col">School</th><th scope="col">Area</th><th scope="col">Mode</th><th scope="col">Notes</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>
        {{#requests}}<tr><td>{{school}} ({{urn}})</td><td>{{areaName}}</td><td>{{mode}}</td><td>{{notes}}</td><td><a href="/match?urn={{urn}}&area={{area}}&mode={{mode}}&request={{id}}">Find nominees<span class="visually-hidden"> for {{school}}</span></a></td></tr>{{/requests}}
        </tbody></table></div>{{/hasRequests}}
        {{^hasRequests}}<p id="no-requests">No open requests.</p>{{/hasRequests}}
        <h2 id="links-heading">Open links</h2>
        {{#hasLinks}}<div class="table-wrap"><table id="links"><thead><tr><th scope="col">Link</th><th scope="col">School helped</th><th scope="col">Nominee</th><th scope="col">Area</th><th scope="col">Close it</th></tr></thead><tbody>
        {{#links}}<tr><td>{{id}}</td><td>{{requester}}</td><td>{{nominee}}, {{nomineeSchool}}</td><td>{{areaName}}</td><td><form method="post" action="/links/{{id}}/close" class="inline-form"><input type="hidden" name="csrf" value="{{csrf}}"><label for="outcome-{{id}}">Outcome</label> <input id="outcome-{{id}}" name="outcome" required> <button type="submit" class="button secondary" id="close-{{id}}">Close link {{id}}</button></form></td></tr>{{/links}}
        </tbody></table></div>{{/hasLinks}}
        {{^hasLinks}}<p id="no-links">No open links.</p>{{/hasLinks}}
        """
}
