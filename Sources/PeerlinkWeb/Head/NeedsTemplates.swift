// swift-format-ignore-file
extension Templates {
    /// A head's needs assessment and targets: the overview, the assessment form, a new target, a review.
    static let needsPages: [(String, String)] = [
        ("needs", needs), ("needs-assess", needsAssess), ("target-new", targetNew), ("target-review", targetReview),
    ]

    static let needs = """
        <h1>{{#own}}My needs assessment and targets{{/own}}{{^own}}Needs assessment and targets <span class="caption">Person {{head}}</span>{{/own}}</h1>
        <p>Rate yourself against each of the Headteachers' standards, then set targets from it. Your first assessment is your baseline; later ones show how far you have come. Only you and your authority's administrators can see this page.</p>
        <h2 id="assessment-heading">Needs assessment</h2>
        {{#assessed}}<p id="assessment-dates">Baseline {{baselineDate}}{{#reassessed}}; latest {{latestDate}}{{/reassessed}}.</p>
        <div class="table-wrap"><table id="assessment" aria-labelledby="assessment-heading"><thead><tr><th scope="col">Standard</th><th scope="col">Baseline</th><th scope="col">Latest</th><th scope="col">Change</th></tr></thead><tbody>
        {{#standards}}<tr><td>{{area}}</td><td>{{baseline}}</td><td>{{latest}}</td><td>{{change}}</td></tr>{{/standards}}
        </tbody></table></div>
        <p><a class="button secondary" href="/heads/{{head}}/needs/assess" id="assess">Record a new assessment</a></p>{{/assessed}}
        {{^assessed}}<p id="no-assessment">No needs assessment is recorded yet.</p>
        <p><a class="button" href="/heads/{{head}}/needs/assess" id="assess">Record a needs assessment</a></p>{{/assessed}}
        <h2 id="targets-heading">Targets</h2>
        {{^hasTargets}}<p id="no-targets">No targets yet.</p>{{/hasTargets}}
        {{#hasTargets}}<ul class="cards" id="targets">{{#targets}}<li class="card" id="target-{{id}}"><h3>{{area}} <span class="caption">{{status}} · due {{due}}</span></h3>
        <p class="target-text">{{text}}</p>
        <dl><dt>Success criteria</dt><dd>{{criteria}}</dd><dt>Baseline</dt><dd>{{baseline}}</dd>{{#change}}<dt>Change</dt><dd>{{change}}</dd>{{/change}}</dl>
        {{#hasReviews}}<table class="reviews"><caption class="visually-hidden">Reviews of this target</caption><thead><tr><th scope="col">Reviewed</th><th scope="col">Rating</th><th scope="col">Note</th><th scope="col">Left</th></tr></thead><tbody>
        {{#reviews}}<tr><td>{{date}}</td><td>{{rating}}</td><td>{{note}}</td><td>{{status}}</td></tr>{{/reviews}}</tbody></table>{{/hasReviews}}
        {{#open}}<p><a class="button secondary" href="/heads/{{head}}/targets/{{id}}/review" id="review-{{id}}">Review<span class="visually-hidden"> the target on {{area}}</span></a></p>{{/open}}</li>{{/targets}}</ul>{{/hasTargets}}
        <p><a class="button" href="/heads/{{head}}/targets/new" id="add-target">Add a target</a></p>
        """

    static let needsAssess = """
        \(errorSummary)
        <h1>Record a needs assessment</h1>
        <p>For each standard, choose where you are now. {{#reassess}}Your latest ratings are filled in; change the ones that have moved.{{/reassess}}</p>
        <form method="post" action="/heads/{{head}}/needs/assess" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#standards}}<fieldset class="field {{#error}}has-error{{/error}}" id="rating-{{id}}"><legend>{{name}}</legend>
        {{#error}}<p class="error-message" id="rating-{{id}}-error">{{error}}</p>{{/error}}
        <div class="radios-inline">{{#options}}<div class="check"><input type="radio" id="rating-{{id}}-{{value}}" name="rating-{{id}}" value="{{value}}" {{#checked}}checked{{/checked}}><label for="rating-{{id}}-{{value}}">{{label}}</label></div>{{/options}}</div>
        </fieldset>{{/standards}}
        <div class="field {{#error_date}}has-error{{/error_date}}"><label for="date">Date of the assessment (optional)</label>
        <p class="hint" id="date-hint">Leave blank for today. For example, 14/3/2026</p>
        {{#error_date}}<p class="error-message" id="date-error">{{error_date}}</p>{{/error_date}}
        <input id="date" name="date" class="short" value="{{date}}" aria-describedby="date-hint{{#error_date}} date-error{{/error_date}}"></div>
        <button type="submit" class="button" id="save-assessment">Save assessment</button>
        </form>
        """

    static let targetNew = """
        \(errorSummary)
        <h1>Add a target</h1>
        <form method="post" action="/heads/{{head}}/targets" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field {{#error_area}}has-error{{/error_area}}"><label for="area">Standard or theme</label>
        <p class="hint" id="area-hint">Its baseline is your latest rating of that standard</p>
        {{#error_area}}<p class="error-message" id="area-error">{{error_area}}</p>{{/error_area}}
        <select id="area" name="area" aria-describedby="area-hint{{#error_area}} area-error{{/error_area}}"><option value="">Choose a standard or theme</option>
        {{#groups}}<optgroup label="{{label}}">{{#options}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{name}}</option>{{/options}}</optgroup>{{/groups}}
        </select></div>
        <div class="field {{#error_text}}has-error{{/error_text}}"><label for="text">Target</label>
        <p class="hint" id="text-hint">What you want to achieve; for example, Every subject leader runs a termly curriculum review</p>
        {{#error_text}}<p class="error-message" id="text-error">{{error_text}}</p>{{/error_text}}
        <textarea id="text" name="text" rows="3" aria-describedby="text-hint{{#error_text}} text-error{{/error_text}}">{{text}}</textarea></div>
        <div class="field {{#error_due}}has-error{{/error_due}}"><label for="due">Due date</label>
        <p class="hint" id="due-hint">A day after today. For example, 31/7/2026</p>
        {{#error_due}}<p class="error-message" id="due-error">{{error_due}}</p>{{/error_due}}
        <input id="due" name="due" class="short" value="{{due}}" aria-describedby="due-hint{{#error_due}} due-error{{/error_due}}"></div>
        <div class="field {{#error_success_criteria}}has-error{{/error_success_criteria}}"><label for="success_criteria">Success criteria</label>
        <p class="hint" id="success_criteria-hint">How you will know the target is met</p>
        {{#error_success_criteria}}<p class="error-message" id="success_criteria-error">{{error_success_criteria}}</p>{{/error_success_criteria}}
        <textarea id="success_criteria" name="success_criteria" rows="3" aria-describedby="success_criteria-hint{{#error_success_criteria}} success_criteria-error{{/error_success_criteria}}">{{success_criteria}}</textarea></div>
        <button type="submit" class="button" id="save-target">Add target</button>
        </form>
        """

    static let targetReview = """
        \(errorSummary)
        <h1>Review a target <span class="caption">{{area}}</span></h1>
        <dl class="summary" id="target"><dt>Target</dt><dd>{{text}}</dd><dt>Due</dt><dd>{{due}}</dd><dt>Success criteria</dt><dd>{{criteria}}</dd><dt>Baseline</dt><dd>{{baseline}}</dd><dt>Status</dt><dd>{{status}}</dd></dl>
        {{^open}}<p id="not-open">This target is {{status}}; it cannot be reviewed again. Add a new target instead.</p>{{/open}}
        {{#open}}<form method="post" action="/heads/{{head}}/targets/{{id}}/review" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset class="field {{#error_rating}}has-error{{/error_rating}}" id="rating"><legend>Where do you rate yourself now?</legend>
        {{#error_rating}}<p class="error-message">{{error_rating}}</p>{{/error_rating}}
        <div class="radios-inline">{{#ratings}}<div class="check"><input type="radio" id="rating-{{value}}" name="rating" value="{{value}}" {{#checked}}checked{{/checked}}><label for="rating-{{value}}">{{label}}</label></div>{{/ratings}}</div>
        </fieldset>
        <div class="field {{#error_note}}has-error{{/error_note}}"><label for="note">Note (optional)</label>
        <p class="hint" id="note-hint">The evidence, in a sentence or two. Up to 1,000 characters.</p>
        {{#error_note}}<p class="error-message" id="note-error">{{error_note}}</p>{{/error_note}}
        <textarea id="note" name="note" rows="3" aria-describedby="note-hint{{#error_note}} note-error{{/error_note}}">{{note}}</textarea></div>
        <fieldset class="field {{#error_status}}has-error{{/error_status}}" id="status"><legend>Is the target still open?</legend>
        {{#error_status}}<p class="error-message">{{error_status}}</p>{{/error_status}}
        {{#statuses}}<div class="check"><input type="radio" id="status-{{value}}" name="status" value="{{value}}" {{#checked}}checked{{/checked}}><label for="status-{{value}}">{{label}}</label></div>{{/statuses}}
        </fieldset>
        <div class="field {{#error_date}}has-error{{/error_date}}"><label for="date">Date of the review (optional)</label>
        <p class="hint" id="date-hint">Leave blank for today. For example, 14/3/2026</p>
        {{#error_date}}<p class="error-message" id="date-error">{{error_date}}</p>{{/error_date}}
        <input id="date" name="date" class="short" value="{{date}}" aria-describedby="date-hint{{#error_date}} date-error{{/error_date}}"></div>
        <button type="submit" class="button" id="save-review">Save review</button>
        </form>{{/open}}
        """
}
