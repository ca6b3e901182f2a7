#!/usr/bin/env python3
"""Browser test of the end of a head's peer-support cycle and an early-headship application.

Run by Tests/PeerlinkIntegrationTests/WebHeadCycleTests.swift, which starts the real peerlinkd and peerlink-web,
seeds an engagement and a cohort, and sends the invitations. The head records a review (first refused by the
daemon, beside the field), closes the engagement (the feedback email arrives), gives feedback with the share
choice and sees it; the supporter sees the review and no feedback form; another head is refused the engagement
and its feedback; a head applies to a cohort, sees "applied" and withdraws; another head's application is
refused with the rule; a POST without the CSRF token is refused.
"""
import argparse, os

from selenium.webdriver.common.by import By

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--maildir", required=True)
p.add_argument("--shots", required=True)  # a folder for screenshots, to look at
p.add_argument("--head-email", required=True)
p.add_argument("--other-head-email", required=True)
p.add_argument("--supporter-email", required=True)
p.add_argument("--engagement", required=True)
p.add_argument("--cycle-end", required=True)  # YYYY-MM-DD
p.add_argument("--too-early", required=True)  # an extension date the daemon refuses before the review opens
p.add_argument("--cohort-id", required=True)
p.add_argument("--cohort-name", required=True)
p.add_argument("--group-cohort-id", required=True)  # a cohort where the head is in a formed group
args = p.parse_args()

import webtest
from webtest import *  # noqa: F401,F403 (new_driver, check, wait_text, mail_to, sign_in, post_raw, …)

webtest.configure(args)
os.makedirs(args.shots, exist_ok=True)
E = args.engagement
COMMENT = "Helped me plan the governors' meeting."


def shot(driver, name):
    driver.save_screenshot(os.path.join(args.shots, name + ".png"))


def absent(driver, element_id):
    return not driver.find_elements(By.ID, element_id)


def csrf(driver):
    return driver.find_element(By.CSS_SELECTOR, "main input[name=csrf]").get_attribute("value")


def refused(driver):
    return driver.find_element(By.TAG_NAME, "h1").text in ("You cannot open this page", "Page not found")


# ---- The head: review, close, feedback ---------------------------------------------------------------------
head = new_driver()
sign_in(head, args.head_email)
head.get(f"{args.base}/engagements/{E}")
wait_text(head, "h1", f"Engagement {E}", "the head opens their engagement")
check(head, head.find_element(By.ID, "status").text == "active", "it is active")
check(head, "No review is recorded yet" in head.find_element(By.ID, "no-reviews").text, "no review yet")
check(head, "asked how it went" in head.find_element(By.ID, "feedback-later").text, "feedback is asked for after the cycle closes")
check(head, absent(head, "give-feedback"), "no feedback form while the engagement is active")

head.find_element(By.ID, "record-review").click()
wait_text(head, "#decision-error", "Choose whether the support continues", "a review with no decision is refused beside the field")
head.find_element(By.ID, "decision-continue").click()
head.execute_script("document.getElementById('until').value = arguments[0]", args.too_early)
head.find_element(By.ID, "record-review").click()
wait_text(head, "#until-error", "six-month review, which opens on", "an extension before the review opens: the daemon's refusal beside the date")
check(head, head.find_element(By.ID, "decision-continue").is_selected(), "the form keeps the decision")
shot(head, "review-refused")
head.execute_script("document.getElementById('until').value = ''")
head.find_element(By.ID, "record-review").click()
wait_text(head, "#flash", f"the support continues until {args.cycle_end}", "the review is recorded")
check(head, "the support continues" in head.find_element(By.ID, "reviews").text, "the review is listed")

head.find_element(By.ID, "close-engagement").click()
wait_text(head, "#flash", f"Engagement {E} is closed", "the head closes the engagement")
check(head, head.find_element(By.ID, "status").text == "closed", "it shows closed")
check(head, absent(head, "record-review") and absent(head, "close-engagement") and absent(head, "record-meeting"),
      "a closed engagement has no review, close or meeting form")
asked = mail_to(args.head_email, "how did your peer support go?")
check(head, asked is not None, "the feedback request email arrives")
body = asked.get_payload(decode=True).decode("utf-8")
check(head, f"{args.base}/engagements/{E}" in body, "it links to the engagement page")

head.find_element(By.ID, "give-feedback").click()
wait_text(head, "#rating-error", "Choose a rating from 1 (poor) to 5 (excellent)", "feedback without a rating is refused")
check(head, "Choose whether your supporter may read" in head.find_element(By.ID, "share-error").text,
      "and without the share choice")
check(head, head.switch_to.active_element.get_attribute("class") == "error-summary", "the error summary takes focus")
head.find_element(By.ID, "rating-4").click()
head.find_element(By.ID, "comment").send_keys(COMMENT)
head.find_element(By.ID, "share-yes").click()
shot(head, "feedback-form")
token = csrf(head)
head.find_element(By.ID, "give-feedback").click()
wait_text(head, "#flash", "your feedback is recorded and shared with your supporter", "the head gives feedback, shared")
check(head, head.current_url.endswith(f"/engagements/{E}/feedback"), "and sees it")
check(head, head.find_element(By.ID, "feedback-rating").text == "4 out of 5", "the rating is shown")
check(head, head.find_element(By.ID, "feedback-comment").text == COMMENT, "the comment is shown")
check(head, head.find_element(By.ID, "feedback-shared").text == "Yes", "the share choice is shown")
shot(head, "feedback-shown")
# Feedback twice: the daemon refuses, and the page says why.
status, page = post_raw(head, f"/engagements/{E}/feedback", {"csrf": token, "rating": "2", "share": "no"})
check(head, status == 400 and "already given" in page, f"feedback given twice is refused (status {status})")
# A POST without the CSRF token is refused.
status, page = post_raw(head, f"/engagements/{E}/feedback", {"rating": "2", "share": "no"})
check(head, status == 403 and "This form has expired" in page, f"a POST without the CSRF token is refused (status {status})")
head.get(f"{args.base}/engagements/{E}")
check(head, "4 out of 5" in head.find_element(By.ID, "feedback-given").text, "the engagement page shows the feedback was given")
check(head, absent(head, "give-feedback"), "and no second feedback form")
head.find_element(By.ID, "read-feedback").click()
wait_text(head, "#feedback-rating", "4 out of 5", "the feedback page still says 4 out of 5")

# ---- The supporter: the review, no feedback form; the shared feedback ----------------------------------------
supporter = new_driver()
sign_in(supporter, args.supporter_email)
supporter.get(f"{args.base}/engagements/{E}")
wait_text(supporter, "#reviews", "the support continues", "the supporter sees the review")
check(supporter, absent(supporter, "give-feedback") and absent(supporter, "rating"), "the supporter has no feedback form")
supporter.find_element(By.ID, "read-feedback").click()
wait_text(supporter, "#feedback-comment", COMMENT, "the supporter reads the feedback the head shared")
check(supporter, "chose to share" in supporter.find_element(By.ID, "feedback-shared-note").text, "and is told it was shared")
status, page = post_raw(supporter, f"/engagements/{E}/feedback", {"rating": "5", "share": "yes"})
check(supporter, status == 403 and COMMENT not in page, f"a supporter cannot post feedback (status {status})")

# ---- Another head: refused the engagement and its feedback, nothing leaked -----------------------------------
other = new_driver()
sign_in(other, args.other_head_email)
for path in (f"/engagements/{E}", f"/engagements/{E}/feedback"):
    other.get(args.base + path)
    check(other, refused(other), f"another head is refused {path}")
    check(other, COMMENT not in text(other) and "Ava" not in text(other), f"{path} shows nothing of it")

# ---- Cohorts: apply, "applied", another head refused with the rule, withdraw ---------------------------------
C = args.cohort_id
head.find_element(By.LINK_TEXT, "Early-headship groups").click()
wait_text(head, "h1", "Early-headship peer groups", "the head opens the cohorts page")
card = lambda d: d.find_element(By.ID, f"cohort-{C}")
check(head, args.cohort_name in card(head).text and "Not applied" in card(head).text, "the open cohort is listed, not applied")
check(head, "completed" in head.find_element(By.ID, "my-record").text, "the page shows the head's NPQH as recorded")
# The cohort with groups formed: the head's own group, its facilitator and its six session dates.
G = head.find_element(By.ID, f"cohort-{args.group_cohort_id}")
check(head, "Applied: accepted" in G.text and "Your group: group 1 (primary)" in G.text, "the head sees their own group")
members = [li.text for li in G.find_elements(By.CSS_SELECTOR, ".group-members li")]
check(head, members == ["Ava Head (you), Ash Primary", "Hana Hazel, Hazel Primary"], f"its members by name and school: {members}")
check(head, "Facilitator: Cat Cedar" in G.text, "and its facilitator")
rows = G.find_elements(By.CSS_SELECTOR, "table.sessions tbody tr")
check(head, len(rows) == 6 and rows[0].text.startswith("1 of 6"), f"and its six session dates ({len(rows)} rows)")
grouped = mail_to(args.head_email, "your group and session dates")
check(head, grouped is not None and f"{args.base}/cohorts" in grouped.get_payload(decode=True).decode("utf-8"),
      "the group email links to the cohorts page")
shot(head, "cohort-group")
head.find_element(By.ID, f"apply-{C}").click()
wait_text(head, "#flash", "You have applied and are accepted", "the head applies")
check(head, card(head).find_element(By.CLASS_NAME, "application-status").text == "Applied: accepted", "the cohort shows applied: accepted")
check(head, "1 of 12 places taken" in card(head).text, "the places count includes the head")
shot(head, "cohort-applied")

other.find_element(By.LINK_TEXT, "Early-headship groups").click()
wait_text(other, "h1", "Early-headship peer groups", "another head opens the cohorts page")
check(other, "Ava" not in text(other) and "Hana" not in text(other) and "Not applied" in card(other).text,
      "it names no other applicant nor any group member")
other.find_element(By.ID, f"apply-{C}").click()
wait_text(other, f"#cohort-{C}-error", "not eligible", "an ineligible head's application is refused beside the cohort")
check(other, "[npqh]" in other.find_element(By.ID, f"cohort-{C}-error").text, "the refusal names the rule")
check(other, "There is a problem" in other.find_element(By.CLASS_NAME, "error-summary").text, "with the error summary")

head.find_element(By.ID, f"withdraw-{C}").click()
wait_text(head, "#flash", "You have withdrawn your application", "the head withdraws")
check(head, "Not applied" in card(head).text and absent(head, f"withdraw-{C}"), "the cohort shows not applied again")
status, page = post_raw(head, f"/cohorts/{C}/apply", {})
check(head, status == 403 and "This form has expired" in page, f"an application without the CSRF token is refused (status {status})")
head.get(f"{args.base}/cohorts")
check(head, "Not applied" in card(head).text, "and it applied nothing")

for d in (head, supporter, other):
    d.quit()
print(f"browser steps: {webtest.steps_done()} ok")
