// swift-format-ignore-file
/// Every page's Mustache template, compiled into the binary so that a missing folder can never leave the
/// server rendering nothing (STYLE §9); `Pages.init` parses them all at start-up and fails loudly.
/// `{{x}}` escapes HTML; `{{{content}}}` (the layout's page body) is the only unescaped value.
enum Templates {
    static let all: [(String, String)] = [
        ("layout", layout), ("problem", problem), ("signin", signin), ("invite", invite),
        ("nominations", nominations), ("nomination-new", nominationNew), ("support", support), ("profiles", profiles),
        ("engagements", engagements), ("engagement", engagement), ("schools", schools), ("match", match), ("coverage", coverage), ("audit", audit), ("links", links),
        ("people", people), ("import", importForm), ("import-report", importReport), ("status", status),
    ]

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

    static let signin = """
        <h1>Sign in</h1>
        {{#ended}}<div class="banner warning" role="alert" id="signed-out"><p>You have been signed out. Sign in again with a new invitation link from your administrator.</p></div>{{/ended}}
        {{#out}}<div class="banner" role="status" id="signed-out"><p>You have signed out.</p></div>{{/out}}
        <p>peerlink has no passwords. You sign in from the link in the invitation email your administrator sends you.</p>
        <p>If your link has expired or been used, ask your administrator for a new invitation.</p>
        """

    static let invite = """
        <h1>Sign in to peerlink</h1>
        <p>Press the button to sign in. The link works once.</p>
        <form method="post" action="/invite">
        <input type="hidden" name="code" value="{{code}}"><input type="hidden" name="nonce" value="{{nonce}}">
        <button type="submit" class="button" id="sign-in">Sign in</button>
        </form>
        """

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

    static let audit = """
        <h1>Audit log</h1>
        \(errorSummary)
        <p>Every change, and every read of a confidential record, newest first: who, when, which operation and the keys it touched.</p>
        <form method="get" action="/admin/audit" class="match-form" novalidate>
        <div class="field {{#error_operation}}has-error{{/error_operation}}"><label for="operation">Operation</label>
        {{#error_operation}}<p class="error-message" id="operation-error">{{error_operation}}</p>{{/error_operation}}
        <input id="operation" name="operation" value="{{operation}}" spellcheck="false" {{#error_operation}}aria-describedby="operation-error"{{/error_operation}}></div>
        <div class="field {{#error_person}}has-error{{/error_person}}"><label for="person">Person id</label>
        {{#error_person}}<p class="error-message" id="person-error">{{error_person}}</p>{{/error_person}}
        <input id="person" name="person" inputmode="numeric" value="{{person}}" {{#error_person}}aria-describedby="person-error"{{/error_person}}></div>
        <button type="submit" id="filter-audit" class="button">Show</button>
        </form>
        {{#hasRows}}<div class="table-wrap"><table id="audit"><thead><tr><th scope="col">When (UTC)</th><th scope="col">Role</th><th scope="col">Person</th><th scope="col">Operation</th><th scope="col">Touched</th></tr></thead><tbody>
        {{#rows}}<tr><td>{{at}}</td><td>{{role}}</td><td>{{person}}</td><td>{{operation}}</td><td>{{target}}</td></tr>{{/rows}}
        </tbody></table></div>{{/hasRows}}
        {{^hasRows}}<p id="no-audit">Nothing recorded matches.</p>{{/hasRows}}
        """

    static let people = """
        \(errorSummary)
        <h1>People and invitations</h1>
        <h2>Add a person</h2>
        <p>Nominees and imported heads are added for you; add anyone else (an adviser, an administrator) here before inviting them.</p>
        <form method="post" action="/admin/people" novalidate><input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_new_name}}has-error{{/error_new_name}}"><label for="new_name">Full name</label>
        {{#error_new_name}}<p class="error-message">{{error_new_name}}</p>{{/error_new_name}}<input id="new_name" name="new_name" value="{{new_name}}"></div>
        <div class="field {{#error_new_email}}has-error{{/error_new_email}}"><label for="new_email">Work email address</label>
        {{#error_new_email}}<p class="error-message">{{error_new_email}}</p>{{/error_new_email}}<input id="new_email" name="new_email" type="email" spellcheck="false" value="{{new_email}}"></div>
        <div class="field {{#error_new_urn}}has-error{{/error_new_urn}}"><label for="new_urn">URN of their school or office</label>
        {{#error_new_urn}}<p class="error-message">{{error_new_urn}}</p>{{/error_new_urn}}<input id="new_urn" name="new_urn" inputmode="numeric" class="short" value="{{new_urn}}"></div>
        <div class="field {{#error_new_role}}has-error{{/error_new_role}}"><label for="new_role">Job role</label>
        {{#error_new_role}}<p class="error-message">{{error_new_role}}</p>{{/error_new_role}}<input id="new_role" name="new_role" value="{{new_role}}"></div>
        <button type="submit" class="button secondary" id="add-person">Add person</button></form>
        <h2>Invite a person</h2>
        <form method="post" action="/admin/invitations" novalidate><input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_person}}has-error{{/error_person}}"><label for="person">Person id or work email address</label>
        {{#error_person}}<p class="error-message" id="person-error">{{error_person}}</p>{{/error_person}}
        <input id="person" name="person" value="{{person}}" spellcheck="false"></div>
        <div class="field {{#error_role}}has-error{{/error_role}}"><label for="role">Role</label>
        {{#error_role}}<p class="error-message" id="role-error">{{error_role}}</p>{{/error_role}}
        <select id="role" name="role">{{#roles}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{value}}</option>{{/roles}}</select></div>
        <button type="submit" class="button" id="invite">Send invitation</button></form>
        <h2>Invitations</h2>
        <div class="table-wrap"><table id="invitations"><thead><tr><th scope="col">Id</th><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Expires (UTC)</th></tr></thead><tbody>
        {{#invitations}}<tr><td>{{id}}</td><td>{{name}}<br><span class="hint">{{email}}</span></td><td>{{role}}</td><td>{{status}}</td><td>{{expires}}</td></tr>{{/invitations}}
        </tbody></table></div>
        <h2>Access tokens</h2>
        <p>Revoking a token signs its holder out on their next request.</p>
        <div class="table-wrap"><table id="tokens"><thead><tr><th scope="col">Id</th><th scope="col">Role</th><th scope="col">Person</th><th scope="col">Label</th><th scope="col">Expires (UTC)</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
        {{#tokens}}<tr><td>{{id}}</td><td>{{role}}</td><td>{{person}}</td><td>{{label}}</td><td>{{expires}}</td><td>{{#revoked}}revoked{{/revoked}}{{^revoked}}<form method="post" action="/admin/tokens/{{id}}/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="button warning" id="revoke-{{id}}">Revoke<span class="visually-hidden"> token {{id}}</span></button></form>{{/revoked}}</td></tr>{{/tokens}}
        </tbody></table></div>
        """

    static let importForm = """
        \(errorSummary)
        <h1>Import a Forms export</h1>
        <p>Upload the expression-of-interest export from Microsoft Forms (.xlsx or .csv). You will see a report of every row first; nothing is written until you commit it.</p>
        <form method="post" action="/admin/import" enctype="multipart/form-data" novalidate><input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_file}}has-error{{/error_file}}"><label for="file">Export file</label>
        {{#error_file}}<p class="error-message" id="file-error">{{error_file}}</p>{{/error_file}}
        <input id="file" name="file" type="file" accept=".csv,.xlsx"></div>
        <button type="submit" class="button" id="dry-run">Check the file (dry run)</button></form>
        """

    static let importReport = """
        <h1>{{#dryRun}}Import report (dry run){{/dryRun}}{{^dryRun}}Import committed{{/dryRun}} <span class="caption">{{file}}</span></h1>
        <dl class="summary" id="report"><dt>Rows</dt><dd>{{rows}}</dd><dt>New</dt><dd id="new">{{new}}</dd><dt>Updated</dt><dd>{{updated}}</dd><dt>Unchanged</dt><dd>{{unchanged}}</dd><dt>Rejected</dt><dd id="rejected">{{rejected}}</dd><dt>Replaced by a later submission</dt><dd>{{superseded}}</dd></dl>
        {{#notes}}<p class="hint">{{.}}</p>{{/notes}}
        {{#hasFaults}}<h2>Rows with problems</h2><div class="table-wrap"><table id="faults"><thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead><tbody>
        {{#faults}}<tr><td>{{row}}</td><td>{{column}}</td><td>{{message}}</td></tr>{{/faults}}</tbody></table></div>{{/hasFaults}}
        {{#dryRun}}<p id="dry-run-note">Dry run: nothing was written.</p>
        {{#canCommit}}<form method="post" action="/admin/import/commit"><input type="hidden" name="csrf" value="{{csrf}}">
        {{#someRejected}}<div class="check"><input type="checkbox" id="keep_good" name="keep_good" value="yes" checked><label for="keep_good">Import the good rows and leave out the rejected ones</label></div>{{/someRejected}}
        <button type="submit" class="button" id="commit">Commit the import</button></form>{{/canCommit}}{{/dryRun}}
        {{^dryRun}}{{#written}}<p id="written">Wrote {{recordsWritten}} records in one transaction.</p>{{/written}}{{^written}}<p id="written">Nothing was written.</p>{{/written}}
        <p><a href="/admin/import">Import another file</a></p>{{/dryRun}}
        """

    static let status = """
        <h1>Status</h1>
        <dl class="summary" id="status"><dt>Daemon version</dt><dd>{{version}}</dd><dt>Up for</dt><dd>{{uptime}} seconds</dd><dt>Connections</dt><dd>{{connections}}</dd><dt>Requests</dt><dd>{{requests}}</dd><dt>Commits</dt><dd>{{commits}}</dd><dt>Database size</dt><dd>{{storeBytes}} bytes</dd></dl>
        <h2>Records</h2><div class="table-wrap"><table id="counts"><thead><tr><th scope="col">Kind</th><th scope="col">Number</th></tr></thead><tbody>
        {{#counts}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{/counts}}</tbody></table></div>
        """

    static let stylesheet = """
        *,*::before,*::after{box-sizing:border-box}
        body{margin:0;font:19px/1.45 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#0b0c0c;background:#fff}
        .width{max-width:1000px;margin:0 auto;padding:0 15px}
        a{color:#1d70b8}a:visited{color:#4c2c92}a:hover{color:#003078}
        a:focus,button:focus,input:focus,select:focus,textarea:focus,.error-summary:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
        a:focus{background:#fd0;color:#0b0c0c;text-decoration:none}
        .skip-link{position:absolute;left:-9999px}.skip-link:focus{left:10px;top:10px;padding:5px;z-index:1}
        .header{background:#0b0c0c;color:#fff;padding:10px 0;border-bottom:8px solid #1d70b8}
        .header .width{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
        .brand{color:#fff;font-weight:700;font-size:24px;text-decoration:none}.brand:visited{color:#fff}
        .who{margin-left:auto;font-size:16px}
        .header nav{margin-top:8px}.nav{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 20px}
        .nav a,.nav a:visited{color:#fff;font-size:16px}.nav a:focus{color:#0b0c0c}
        main{padding-top:20px;padding-bottom:40px;display:block}
        h1{font-size:32px;line-height:1.15;margin:10px 0 20px}h2{font-size:24px;margin:30px 0 15px}h3{font-size:19px;margin:0 0 10px}
        .caption{display:block;font-size:19px;font-weight:400;color:#505a5f;margin-top:5px}
        .hint{color:#505a5f;font-size:16px;margin:0 0 5px}
        .field{margin:0 0 25px;border:0;padding:0}
        fieldset.field legend{font-weight:700;margin-bottom:10px}
        label{display:block;font-weight:700;margin-bottom:5px}
        input:not([type=checkbox]):not([type=radio]),select,textarea{font:inherit;width:100%;max-width:30em;padding:5px;border:2px solid #0b0c0c;border-radius:0;background:#fff}
        .field input.short{max-width:8em}
        .check{display:flex;align-items:center;gap:10px;margin:0 0 10px}.check label{font-weight:400;margin:0}
        .check input{width:28px;height:28px;margin:0;flex:none}
        .checks{columns:2 16em}
        .area-row{border-left:4px solid #b1b4b6;padding-left:15px;margin-bottom:15px}.area-row select,.area-row textarea{margin-bottom:10px}
        .button{display:inline-block;font:inherit;font-weight:400;color:#fff;background:#00703c;border:0;box-shadow:0 2px 0 #002d18;padding:8px 12px 7px;margin:0 0 5px;cursor:pointer;text-decoration:none;line-height:1.2}
        a.button,a.button:visited{color:#fff}
        .button:hover{background:#005a30}.button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
        .button.warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
        .link-button{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;font-size:16px;cursor:pointer;padding:0}
        form.inline{display:inline}
        .has-error{border-left:5px solid #d4351c;padding-left:15px}.has-error input,.has-error select{border-color:#d4351c}
        .error-message{color:#d4351c;font-weight:700;margin:0 0 10px}
        .error-summary{border:5px solid #d4351c;padding:15px 20px;margin:0 0 30px}
        .error-summary h2{margin:0 0 10px}.error-summary ul{margin:0;padding-left:20px}.error-summary a{color:#d4351c;font-weight:700}
        .banner{border:5px solid #00703c;padding:10px 15px;margin:0 0 25px}.banner p{margin:0}.banner.warning{border-color:#d4351c}
        .table-wrap{overflow-x:auto}
        table{border-collapse:collapse;width:100%;margin:0 0 20px;font-size:16px}
        th,td{text-align:left;vertical-align:top;padding:8px 10px 8px 0;border-bottom:1px solid #b1b4b6}
        .scores{font-variant-numeric:tabular-nums}.scores td,.scores th{padding-right:14px}
        .cards,.hits{list-style:none;padding:0;margin:0}
        .card{border:1px solid #b1b4b6;border-top:5px solid #1d70b8;padding:15px;margin:0 0 20px}
        .card h3 .caption{display:inline;font-size:16px}.card h2{margin-top:0}
        .strength{font-style:italic;margin:0 0 10px}
        .reasons{margin:0 0 10px;padding-left:20px;font-size:16px;color:#0b0c0c}
        .plain{list-style:none;margin:0;padding:0}
        dl.summary,.card dl{display:grid;grid-template-columns:max-content 1fr;gap:5px 20px;margin:0 0 20px}
        dt{font-weight:700}dd{margin:0}
        .visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0;white-space:nowrap}
        .footer{border-top:1px solid #b1b4b6;padding:20px 0;color:#505a5f;font-size:16px}
        @media (max-width:640px){body{font-size:16px}h1{font-size:24px}.who{margin-left:0}.checks{columns:1}}
        """
}
