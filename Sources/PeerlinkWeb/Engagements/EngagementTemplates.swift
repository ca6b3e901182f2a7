// swift-format-ignore-file
extension Templates {
    /// Engagements, shared by the head and the supporter in one (the daemon scopes both).
    static let engagementPages: [(String, String)] = [("engagements", engagements), ("engagement", engagement), ("feedback", feedback)]

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
        <dl class="summary" id="engagement-summary"><dt>Started</dt><dd>{{start}}</dd><dt>Cycle ends</dt><dd>{{end}}</dd><dt>Status</dt><dd id="status">{{status}}</dd><dt>Meetings allowed</dt><dd>{{limit}}</dd>
        {{#active}}<dt>Six-month review opens</dt><dd>{{reviewOpens}}</dd>{{/active}}{{#extensions}}<dt>Extensions</dt><dd>{{extensions}}</dd>{{/extensions}}{{^active}}<dt>Closed on</dt><dd>{{closedOn}}</dd>{{/active}}</dl>
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
        <h2>Reviews</h2>
        {{#noReviews}}<p id="no-reviews">No review is recorded yet. A cycle is reviewed at six months; more meetings, or a longer cycle, need a review that says the support continues.</p>{{/noReviews}}
        <ul id="reviews">{{#reviews}}<li>{{date}}: {{#close}}the cycle closes{{/close}}{{^close}}the support continues{{#extended}}, extended to {{extended}}{{/extended}}{{/close}}</li>{{/reviews}}</ul>
        {{#active}}<h2>Record a review</h2>
        <form method="post" action="/engagements/{{id}}/review" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset class="field {{#error_decision}}has-error{{/error_decision}}" id="decision"><legend>What did you decide?</legend>
        {{#error_decision}}<p class="error-message" id="decision-error">{{error_decision}}</p>{{/error_decision}}
        <div class="check"><input type="radio" id="decision-continue" name="decision" value="continue" {{#decisionContinue}}checked{{/decisionContinue}}><label for="decision-continue">The support continues</label></div>
        <div class="check"><input type="radio" id="decision-close" name="decision" value="close" {{#decisionClose}}checked{{/decisionClose}}><label for="decision-close">The cycle closes</label></div>
        </fieldset>
        <div class="field {{#error_until}}has-error{{/error_until}}"><label for="until">Extend the cycle to (optional)</label>
        <p class="hint" id="until-hint">Only when the support continues, at the six-month review (from {{reviewOpens}}): the new last day, after {{end}} and at most six months later. Leave it empty to keep {{end}}.</p>
        {{#error_until}}<p class="error-message" id="until-error">{{error_until}}</p>{{/error_until}}
        <input id="until" name="until" type="date" value="{{until}}" aria-describedby="until-hint{{#error_until}} until-error{{/error_until}}"></div>
        <button type="submit" class="button" id="record-review">Record review</button>
        </form>
        <h2>Close the engagement</h2>
        <div class="field {{#error_close}}has-error{{/error_close}}" id="close">
        <p>Close it when the support has ended. The supporter's place is freed and the head is asked for feedback.</p>
        {{#error_close}}<p class="error-message" id="close-error">{{error_close}}</p>{{/error_close}}
        <form method="post" action="/engagements/{{id}}/close"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="button warning" id="close-engagement">Close engagement {{id}}</button></form></div>{{/active}}
        <h2>Feedback</h2>
        <div id="feedback" class="{{#error_feedback}}field has-error{{/error_feedback}}">
        {{#error_feedback}}<p class="error-message" id="feedback-error">{{error_feedback}}</p>{{/error_feedback}}
        {{#headWaiting}}<p id="feedback-later">When the cycle closes you will be asked how it went, and you choose whether your supporter sees your answer.</p>{{/headWaiting}}
        {{#feedbackGiven}}<p id="feedback-given">Feedback was given on {{feedbackGivenOn}}: {{feedbackRating}} out of 5. <a href="/engagements/{{id}}/feedback" id="read-feedback">Read the feedback</a></p>{{/feedbackGiven}}
        {{#supporterUnshared}}<p id="feedback-unshared">The head's feedback reaches you only if they choose to share it.</p>{{/supporterUnshared}}
        </div>
        {{#feedbackForm}}<form method="post" action="/engagements/{{id}}/feedback" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset class="field {{#error_rating}}has-error{{/error_rating}}" id="rating"><legend>How well did the peer support work for you?</legend>
        {{#error_rating}}<p class="error-message" id="rating-error">{{error_rating}}</p>{{/error_rating}}
        {{#ratings}}<div class="check"><input type="radio" id="rating-{{n}}" name="rating" value="{{n}}" {{#checked}}checked{{/checked}}><label for="rating-{{n}}">{{n}} – {{label}}</label></div>{{/ratings}}
        </fieldset>
        <div class="field {{#error_comment}}has-error{{/error_comment}}"><label for="comment">Comments (optional)</label>
        <p class="hint" id="comment-hint">What helped, and what could have been better. At most 2000 characters.</p>
        {{#error_comment}}<p class="error-message" id="comment-error">{{error_comment}}</p>{{/error_comment}}
        <textarea id="comment" name="comment" rows="5" aria-describedby="comment-hint">{{comment}}</textarea></div>
        <fieldset class="field {{#error_share}}has-error{{/error_share}}" id="share"><legend>May your supporter read this feedback?</legend>
        <p class="hint">The authority reads it either way. Your supporter sees it only if you say yes.</p>
        {{#error_share}}<p class="error-message" id="share-error">{{error_share}}</p>{{/error_share}}
        <div class="check"><input type="radio" id="share-yes" name="share" value="yes" {{#shareYes}}checked{{/shareYes}}><label for="share-yes">Yes, share it with my supporter</label></div>
        <div class="check"><input type="radio" id="share-no" name="share" value="no" {{#shareNo}}checked{{/shareNo}}><label for="share-no">No, keep it from my supporter</label></div>
        </fieldset>
        <button type="submit" class="button" id="give-feedback">Send feedback</button>
        </form>{{/feedbackForm}}
        {{! Other actions on this engagement (the supporter pages' "raise a concern" link) go below this line. }}
        """

    static let feedback = """
        <h1>Feedback on engagement {{id}}</h1>
        <dl class="summary" id="feedback-summary"><dt>Rating</dt><dd id="feedback-rating">{{rating}} out of 5</dd><dt>Given on</dt><dd>{{given}}</dd>
        {{#isHead}}<dt>Shared with your supporter</dt><dd id="feedback-shared">{{#shared}}Yes{{/shared}}{{^shared}}No{{/shared}}</dd>{{/isHead}}</dl>
        {{#comment}}<h2>Comments</h2><p id="feedback-comment">{{comment}}</p>{{/comment}}
        {{^isHead}}{{#shared}}<p id="feedback-shared-note">The head chose to share this feedback with their supporter.</p>{{/shared}}{{/isHead}}
        <p><a href="/engagements/{{id}}">Back to engagement {{id}}</a></p>
        """
}
