#!/usr/bin/env python3
"""Browser test of a head's help requests (school-to-school links) and needs assessment and targets.

Run by Tests/PeerlinkIntegrationTests/WebHeadAsksTests.swift, which starts the real peerlinkd and peerlink-web,
seeds the directory (a link already made for the head's school, another school's open request, another head's
needs and target), sends the invitations and passes what it made as arguments. Every step asserts what the
page shows. Exits non-zero (with the page's text) on the first failed step.
"""
import argparse, datetime, os, re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--maildir", required=True)
p.add_argument("--head-email", required=True)
p.add_argument("--head-urn", required=True)
p.add_argument("--linked-nominee", required=True)  # the nominee of the link already made for the head's school
p.add_argument("--other-urn", required=True)
p.add_argument("--other-request", required=True)  # another school's open request
p.add_argument("--other-head", required=True)  # another head's person id, with needs and a target
p.add_argument("--other-target", required=True)
p.add_argument("--other-secret", required=True)  # text of the other head's target, never shown
p.add_argument("--adviser-email", required=True)
p.add_argument("--shots", required=True)  # a folder for screenshots to look at
p.add_argument("--phone-shots")
args = p.parse_args()

import webtest
from webtest import *  # noqa: F401,F403 (new_driver, check, wait_text, mail_to, sign_in, post_raw, …)

webtest.configure(args)
os.makedirs(args.shots, exist_ok=True)


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def csrf(driver):
    return driver.find_element(By.NAME, "csrf").get_attribute("value")


def refused(driver, what):
    check(driver, h1(driver) in ("You cannot open this page", "Page not found"), what)


# ---- Ask for help in an area -------------------------------------------------------------------------
head = new_driver()
sign_in(head, args.head_email)
head.find_element(By.LINK_TEXT, "Ask for help in an area").click()
wait_text(head, "h1", "Ask for help in an area", "the navigation opens the help page")
check(head, f"/schools/{args.head_urn}/help" in head.current_url, "it is the head's own school's page")
received = head.find_element(By.ID, "received").text
check(head, args.linked_nominee in received and "Mathematics" in received, "the link made for the school names its nominee")
check(head, head.find_element(By.ID, "no-requests").text == "You have no open requests.", "no open requests yet")

head.find_element(By.ID, "ask-help").click()
wait_text(head, ".error-summary", "Choose the area your school needs help in", "asking with no area shows the error summary")
check(head, head.find_element(By.ID, "area-error").text == "Choose the area your school needs help in", "the error is beside the area")
check(head, head.title.startswith("Error:"), "the title says there is an error")

Select(head.find_element(By.ID, "area")).select_by_value("phonics-and-early-reading")
head.find_element(By.ID, "mode-online").click()
head.find_element(By.ID, "notes").send_keys("Year 1 phonics screening")
head.find_element(By.ID, "ask-help").click()
wait_text(head, "#flash", "You asked for help in Phonics and early reading", "the request is sent")
row = head.find_element(By.ID, "open-requests").text
check(head, "Phonics and early reading" in row and "Online" in row and "Year 1 phonics screening" in row,
      "the open requests list it with its mode and notes")
phone_shot(head, "help-phone")
head.save_screenshot(os.path.join(args.shots, "help.png"))

# The daemon's refusals appear in the form: a second open request in the same area, notes too long, an
# unknown area (a tampered form).
Select(head.find_element(By.ID, "area")).select_by_value("phonics-and-early-reading")
head.find_element(By.ID, "ask-help").click()
wait_text(head, "#area-error", "already has open request", "a second open request in the area is refused beside the area")
Select(head.find_element(By.ID, "area")).select_by_value("computing")
head.execute_script("document.getElementById('notes').value = arguments[0]", "x" * 2001)
head.find_element(By.ID, "ask-help").click()
wait_text(head, "#notes-error", "the notes are over 2000 characters", "notes over 2000 characters are refused beside the notes")
check(head, Select(head.find_element(By.ID, "area")).first_selected_option.get_attribute("value") == "computing",
      "the form keeps the chosen area")
status, page = post_raw(head, f"/schools/{args.head_urn}/help", {"csrf": csrf(head), "area": "basket-weaving", "mode": "any"})
check(head, status == 400 and 'id="area-error">no area' in page and "basket-weaving" in page,
      f"an unknown area is refused beside the area (status {status})")

# Ask for science, then cancel it.
head.get(f"{args.base}/help")
Select(head.find_element(By.ID, "area")).select_by_value("science")
head.find_element(By.ID, "ask-help").click()
wait_text(head, "#flash", "You asked for help in Science", "a second request, in science")
check(head, "Science" in head.find_element(By.ID, "open-requests").text, "both are listed")
head.find_element(By.XPATH, "//button[contains(., 'Cancel') and contains(., 'Science')]").click()
wait_text(head, "#flash", "Your request for help in Science is cancelled", "the head cancels the science request")
rows = head.find_element(By.ID, "open-requests").text
check(head, "Science" not in rows and "Phonics and early reading" in rows, "it is gone from the open requests; the other stays")

# Access: another school's request cannot be cancelled by posting its id; another school's page is refused.
status, page = post_raw(head, f"/link-requests/{args.other_request}/cancel", {"csrf": csrf(head)})
check(head, status == 403 and "You cannot open this page" in page and "Oak" not in page,
      f"cancelling another school's request is refused, naming nothing of it (status {status})")
status, page = post_raw(head, f"/schools/{args.other_urn}/help", {"csrf": csrf(head), "area": "english", "mode": "any"})
check(head, status == 403, f"asking for help for another school is refused (status {status})")
head.get(f"{args.base}/schools/{args.other_urn}/help")
refused(head, "another school's help page is refused")
check(head, "Oak" not in text(head) and "English" not in text(head), "the refusal shows nothing of the other school")
# CSRF: a form posted without the token is refused and changes nothing.
status, page = post_raw(head, f"/schools/{args.head_urn}/help", {"area": "science", "mode": "any"})
check(head, status == 403 and "This form has expired" in page, f"a POST without the CSRF token is refused (status {status})")
head.get(f"{args.base}/help")
check(head, "Science" not in head.find_element(By.ID, "open-requests").text, "nothing was asked by it")

# ---- My needs assessment and targets -------------------------------------------------------------------
head.find_element(By.LINK_TEXT, "My needs and targets").click()
wait_text(head, "h1", "My needs assessment and targets", "the navigation opens the needs page")
check(head, head.find_element(By.ID, "no-assessment").text == "No needs assessment is recorded yet.", "no assessment yet")
head.find_element(By.ID, "assess").click()
wait_text(head, "h1", "Record a needs assessment", "the assessment form opens")
standards = [f.get_attribute("id")[len("rating-"):] for f in head.find_elements(By.CSS_SELECTOR, "fieldset[id^=rating-]")]
check(head, len(standards) == 10 and "teaching" in standards, f"a rating for each of the ten standards ({len(standards)})")
for s in standards[1:]:
    head.find_element(By.ID, f"rating-{s}-secure").click()
head.find_element(By.ID, "save-assessment").click()
first = standards[0]
wait_text(head, ".error-summary", "Choose a rating for", "an unrated standard shows the error summary")
check(head, head.find_element(By.ID, f"rating-{first}-error").text.startswith("Choose a rating for"), "the error is beside that standard")
check(head, len(head.find_elements(By.CSS_SELECTOR, ".error-message")) == 1, "only the unrated standard has an error")
check(head, head.find_element(By.ID, "rating-teaching-secure").is_selected(), "the ratings given are kept")
head.save_screenshot(os.path.join(args.shots, "assess-error.png"))
head.find_element(By.ID, f"rating-{first}-priority-need").click()
head.find_element(By.ID, "rating-teaching-developing").click()
head.find_element(By.ID, "save-assessment").click()
wait_text(head, "#flash", "Your needs assessment of", "the assessment is recorded")
table = head.find_element(By.ID, "assessment").text
check(head, re.search(r"Teaching Developing Developing No change", table) is not None, "the table shows Teaching as developing")
check(head, "Priority need" in table, "and the standard rated a priority need")

head.find_element(By.ID, "add-target").click()
wait_text(head, "h1", "Add a target", "the target form opens")
head.find_element(By.ID, "save-target").click()
wait_text(head, ".error-summary", "Choose the standard or theme", "an empty target shows the errors")
for field, words in (("area", "Choose the standard or theme"), ("text", "Say what the target is"),
                     ("due", "Enter the due date"), ("success_criteria", "Say how you will know")):
    check(head, head.find_element(By.ID, f"{field}-error").text.startswith(words), f"the error is beside {field}")
Select(head.find_element(By.ID, "area")).select_by_value("teaching")
head.find_element(By.ID, "text").send_keys("Every teacher is observed twice a term with written feedback")
head.find_element(By.ID, "success_criteria").send_keys("Observation log complete for the spring term")
yesterday = datetime.date.today() - datetime.timedelta(days=1)
head.find_element(By.ID, "due").send_keys(f"{yesterday.day}/{yesterday.month}/{yesterday.year}")
head.find_element(By.ID, "save-target").click()
wait_text(head, "#due-error", "is not after today", "a due date in the past is refused beside the due date")
check(head, "Every teacher is observed" in head.find_element(By.ID, "text").get_attribute("value"), "the form keeps the target")
due = datetime.date.today() + datetime.timedelta(days=200)
head.find_element(By.ID, "due").clear()
head.find_element(By.ID, "due").send_keys(f"{due.day}/{due.month}/{due.year}")
head.find_element(By.ID, "save-target").click()
wait_text(head, "#flash", "Your target is added", "the target is added")
card = head.find_element(By.CSS_SELECTOR, "#targets .card").text
check(head, "Every teacher is observed twice a term" in card and re.search(r"Baseline\s+Developing", card) and "Open" in card,
      "the target shows with its baseline, developing")
phone_shot(head, "needs-phone")
head.save_screenshot(os.path.join(args.shots, "needs.png"))

head.find_element(By.CSS_SELECTOR, "#targets a[id^=review-]").click()
wait_text(head, "h1", "Review a target", "the review form opens")
check(head, "Every teacher is observed" in head.find_element(By.ID, "target").text, "it shows the target")
head.find_element(By.ID, "save-review").click()
wait_text(head, "#rating", "Choose where you rate yourself now", "a review without a rating shows the error beside it")
head.find_element(By.ID, "rating-secure").click()
head.find_element(By.ID, "note").send_keys("Observed 24 lessons; feedback logged")
head.find_element(By.ID, "status-met").click()
head.find_element(By.ID, "save-review").click()
wait_text(head, "#flash", "the target is met", "the review is recorded and the target is met")
card = head.find_element(By.CSS_SELECTOR, "#targets .card").text
check(head, "Met" in card and "Secure" in card and "Observed 24 lessons" in card and "+1 step" in card,
      "the target shows the review, met, one step up from its baseline")
check(head, not head.find_elements(By.CSS_SELECTOR, "#targets a[id^=review-]"), "a met target offers no further review")

# Access: another head's needs, their target's review form, and a review posted for their target.
for path in (f"/heads/{args.other_head}/needs", f"/heads/{args.other_head}/targets/{args.other_target}/review",
             f"/heads/{args.other_head}/needs/assess", f"/heads/{args.other_head}/targets/new"):
    head.get(args.base + path)
    refused(head, f"another head's {path.split('/', 3)[3]} is refused")
    check(head, args.other_secret not in text(head) and "Olly" not in text(head), "nothing of theirs is shown")
status, page = post_raw(head, f"/heads/{args.other_head}/targets/{args.other_target}/review",
                        {"csrf": csrf(head), "rating": "strength", "status": "met"})
check(head, status == 403 and args.other_secret not in page, f"reviewing another head's target is refused (status {status})")
# Their id in my own URL does not reach their target either.
head.get(f"{args.base}/needs")
own = re.search(r"/heads/(\d+)/needs", head.current_url).group(1)
head.get(f"{args.base}/heads/{own}/targets/{args.other_target}/review")
refused(head, "another head's target under my own id is not found")
status, page = post_raw(head, f"/heads/{args.other_head}/needs/assess", {"csrf": csrf(head)})
check(head, status == 403 and args.other_secret not in page, f"assessing for another head is refused (status {status})")
head.quit()

# ---- The adviser sees the head's request on their requests page ------------------------------------------
adviser = new_driver()
sign_in(adviser, args.adviser_email)
adviser.get(f"{args.base}/links")
wait_text(adviser, "#requests", "Phonics and early reading", "the adviser sees the head's request")
requests = adviser.find_element(By.ID, "requests").text
check(adviser, any("Ash Primary" in line and "Year 1 phonics screening" in line for line in requests.splitlines()),
      "with the school and the notes")
check(adviser, "Science" not in requests, "not the cancelled one")
check(adviser, any("Oak Primary" in line and "English" in line for line in requests.splitlines()),
      "the other school's request is still open")
adviser.quit()

print(f"browser steps: {steps_done()}")
