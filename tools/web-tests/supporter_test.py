#!/usr/bin/env python3
"""Browser test of a supporter's own pages: profile and eligibility, supervision meetings, raising a concern.

Run by Tests/PeerlinkIntegrationTests/WebSupporterTests.swift, which starts the real peerlinkd and peerlink-web,
seeds an eligible supporter (with an engagement and supervision meetings) and an ineligible one, sends the
invitations and passes what it made as arguments. Every step asserts what the page shows; the first failed step
exits non-zero with the page's text.
"""
import argparse

from selenium.webdriver.common.by import By

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--maildir", required=True)
p.add_argument("--supporter-email", required=True)  # eligible, with an engagement and supervision
p.add_argument("--supporter-name", required=True)
p.add_argument("--supporter-id", required=True)
p.add_argument("--engagement", required=True)  # the supporter's engagement
p.add_argument("--supervision-dates", required=True)  # comma-separated, newest first
p.add_argument("--other-email", required=True)  # an ineligible supporter
p.add_argument("--other-name", required=True)
p.add_argument("--other-id", required=True)
p.add_argument("--other-reason", required=True)  # words of the reason their page must name
p.add_argument("--other-engagement", required=True)  # an engagement the first supporter is not in
p.add_argument("--contact-email", required=True)  # the configured safeguarding contact
p.add_argument("--contact-name", required=True)
p.add_argument("--private-words", required=True)  # comma-separated: what the contact's email must not contain
p.add_argument("--screenshot")  # save the profile page here, to look at
p.add_argument("--phone-shots")
args = p.parse_args()

import webtest
from webtest import *  # noqa: F401,F403 (new_driver, check, wait_text, mail_to, sign_in, post_raw, …)

webtest.configure(args)
base = args.base

# ---- Profile and eligibility ------------------------------------------------------------------------------
dan = new_driver()
sign_in(dan, args.supporter_email)
nav = dan.find_element(By.CSS_SELECTOR, "nav").text
check(dan, "My profile" in nav and "Supervision" in nav, "the supporter's navigation has My profile and Supervision")
dan.find_element(By.LINK_TEXT, "My profile").click()
wait_text(dan, "h1", "My supporter profile", "the supporter opens their profile")
check(dan, args.supporter_name in dan.find_element(By.TAG_NAME, "h1").text, "the profile names the signed-in supporter")
check(dan, "Can be offered to heads now" in dan.find_element(By.ID, "eligibility").text, "an eligible supporter is told they can be offered to heads")
check(dan, "School improvement" in dan.find_element(By.ID, "skills").text, "the areas are shown by name")
check(dan, "1 in progress of 2 at once" in dan.find_element(By.ID, "load").text, "the profile shows engagements in progress against capacity")
check(dan, "independent" in text(dan), "the page says independence is checked for each head")
evidence = dan.find_element(By.ID, "evidence").text
check(dan, "the register's last inspection outcome is good" in evidence and "Completed on" in evidence, f"the eligibility evidence is shown: {evidence}")
if args.screenshot:
    dan.save_screenshot(args.screenshot)
phone_shot(dan, "supporter-profile")

# ---- Supervision meetings ---------------------------------------------------------------------------------
dates = args.supervision_dates.split(",")
dan.find_element(By.LINK_TEXT, "Supervision").click()
wait_text(dan, "h1", "Supervision meetings", "the supporter opens their supervision meetings")
rows = [r.text for r in dan.find_elements(By.CSS_SELECTOR, "#supervision tbody tr")]
check(dan, [r.split(" ")[0] for r in rows] == dates, f"the meetings are listed newest first: {rows}")
check(dan, "90 minutes" in rows[0], "each meeting shows its length")
check(dan, f"last supervision meeting was on {dates[0]}" in text(dan), "the page says when the last supervision was")
check(dan, not dan.find_elements(By.CSS_SELECTOR, "main form"), "a supporter has no form to record their own supervision")

# ---- Raise a concern from the engagement ------------------------------------------------------------------
dan.find_element(By.LINK_TEXT, "My engagements").click()
dan.find_element(By.LINK_TEXT, f"Engagement {args.engagement}").click()
wait_text(dan, "h1", f"Engagement {args.engagement}", "the supporter opens their engagement")
dan.find_element(By.ID, "concern-link").click()
wait_text(dan, "h1", "Raise a safeguarding or whistleblowing concern", "the engagement links to raising a concern")
check(dan, "never records what the concern is" in dan.find_element(By.ID, "next-steps").text, "the page says what happens next, and that the concern is not recorded")
dan.find_element(By.ID, "raise-concern").click()
wait_text(dan, ".error-summary", "Confirm that you want the safeguarding contact", "raising without confirming is refused")
check(dan, "Confirm that you want" in dan.find_element(By.CSS_SELECTOR, "#confirm-field .error-message").text, "the refusal is shown by the field")
check(dan, webtest.count_mail(args.contact_email, "safeguarding") == 0, "nothing is sent for the refused form")
phone_shot(dan, "concern-errors")
dan.find_element(By.ID, "confirm").click()
dan.find_element(By.ID, "raise-concern").click()
wait_text(dan, "#flash", "Your concern was raised", "confirming raises the concern")
check(dan, f"{args.contact_name} has been told and will contact you" in dan.find_element(By.ID, "flash").text, "it says who was told and what happens next")
check(dan, "raised by you, sent to " + args.contact_name in dan.find_element(By.ID, "raised").text, "the engagement lists the concern raised")
m = mail_to(args.contact_email, "safeguarding concern")
check(dan, m is not None, "the safeguarding contact is emailed")
body = m.get_payload(decode=True).decode("utf-8")
check(dan, args.supporter_name in body and f"Engagement: {args.engagement}" in body, "the email says who raised it and on which engagement")
leaked = [w for w in args.private_words.split(",") if w in body or w in (m["Subject"] or "")]
check(dan, not leaked, f"the email carries nothing of the engagement or its people: {leaked}")

# ---- Access: another supporter's profile, another engagement, a CSRF-less POST -----------------------------
for path in (f"/supporters/{args.other_id}", f"/supporters/{args.other_id}/supervision", f"/engagements/{args.other_engagement}/concern"):
    dan.get(base + path)
    wait_text(dan, "h1", "You cannot open this page", f"{path} is refused")
    check(dan, args.other_name not in text(dan), f"{path} shows nothing of the other supporter")
status, page = post_raw(dan, f"/engagements/{args.other_engagement}/concern", {"csrf": dan.find_element(By.NAME, "csrf").get_attribute("value"), "confirm": "yes"})
check(dan, status == 403 and "You cannot open this page" in page, f"raising a concern on an engagement they are not in is refused (status {status})")
status, page = post_raw(dan, f"/engagements/{args.engagement}/concern", {"confirm": "yes"})
check(dan, status == 403 and "This form has expired" in page, f"a POST without the CSRF token is refused (status {status})")
check(dan, webtest.count_mail(args.contact_email, "safeguarding") == 1, "neither refused POST emailed the contact")

# ---- An ineligible supporter sees why ---------------------------------------------------------------------
cat = new_driver()
sign_in(cat, args.other_email)
cat.get(base + "/profile")
wait_text(cat, "#eligibility", "Not offered to heads now", "an ineligible supporter is told they are not offered to heads")
reasons = cat.find_element(By.ID, "reasons").text
check(cat, args.other_reason in reasons, f"their page names the reason: {reasons}")
cat.get(base + "/supervision")
wait_text(cat, "#no-supervision", "No supervision meetings are recorded yet", "with no supervision meetings, the page says so")
cat.get(base + f"/supporters/{args.supporter_id}")
wait_text(cat, "h1", "You cannot open this page", "nor can they open the first supporter's profile")

for d in (dan, cat):
    d.quit()
print(f"browser steps: {webtest.steps_done()} ok")
