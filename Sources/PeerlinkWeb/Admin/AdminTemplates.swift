// swift-format-ignore-file
extension Templates {
    /// An admin's pages.
    static let adminPages: [(String, String)] = [("audit", audit), ("people", people), ("import", importForm), ("import-report", importReport), ("status", status)]

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
}
