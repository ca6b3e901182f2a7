#!/usr/bin/env python3
"""Browser test of peerlink-web: each role's workflow end to end, and access through the browser.

Run by Tests/PeerlinkIntegrationTests/WebBrowserTests.swift, which starts the real peerlinkd and peerlink-web,
seeds the directory, sends the invitations, and passes what it made as arguments. Every step asserts what the
page shows. Exits non-zero (with the page's text) on the first failed step.
"""
import argparse, email, glob, os, re, sys, time, urllib.error, urllib.parse, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--maildir", required=True)
p.add_argument("--screenshot", required=True)
p.add_argument("--head-email", required=True)
p.add_argument("--head-urn", required=True)
p.add_argument("--other-urn", required=True)
p.add_argument("--other-engagement", required=True)
p.add_argument("--adviser-email", required=True)
p.add_argument("--admin-email", required=True)
p.add_argument("--supporter-emails", required=True)  # comma-separated: the head chooses one of them
p.add_argument("--match-urn", required=True)
p.add_argument("--match-area", required=True)
p.add_argument("--nominee-email", required=True)
p.add_argument("--weekend-day", required=True)
p.add_argument("--eoi", required=True)
p.add_argument("--hidden-names", required=True)  # names no profile page may show
p.add_argument("--phone-shots")  # a folder: also save pages at a phone's width, to look at
args = p.parse_args()

import webtest
from webtest import *  # noqa: F401,F403 (new_driver, check, wait_text, mail_to, sign_in, …)

webtest.configure(args)


# ---- Head: nominate, ask for support, see profiles without names, decline one, choose one ----------------
head = new_driver()
sign_in(head, args.head_email)
check(head, f"/schools/{args.head_urn}/nominations" in head.current_url, "a head lands on their school's nominations")
head.find_element(By.ID, "nominate").click()
head.find_element(By.ID, "name").send_keys("Nia Newton")
head.find_element(By.ID, "email").send_keys("nia.newton@ash.sch.uk")
head.find_element(By.ID, "role").send_keys("Head of Computing")
Select(head.find_element(By.ID, "area1")).select_by_value("computing")
head.find_element(By.ID, "strength1").send_keys("Wrote the trust's KS2 computing scheme.")
head.find_element(By.ID, "save-nomination").click()
wait_text(head, ".error-summary", "Confirm the member of staff agreed to be listed", "without consent the form shows the error summary")
check(head, head.switch_to.active_element.get_attribute("class") == "error-summary", "the error summary takes focus")
check(head, head.find_element(By.ID, "name").get_attribute("value") == "Nia Newton", "the form keeps what was typed")
phone_shot(head, "nomination-errors")
head.find_element(By.ID, "consent").click()
head.find_element(By.ID, "save-nomination").click()
wait_text(head, "#flash", "Nia Newton is nominated", "the nomination is saved")
check(head, "Wrote the trust's KS2 computing scheme." in head.find_element(By.ID, "nominations").text, "the list shows the area's strength")

# Access: another school's nominations.
head.get(f"{args.base}/schools/{args.other_urn}/nominations")
check(head, head.find_element(By.TAG_NAME, "h1").text == "You cannot open this page", "another school's nominations are refused")
check(head, "Oak" not in text(head) and "Olly" not in text(head), "the refusal names nothing of the other school")
# Access: another head's engagement.
head.get(f"{args.base}/engagements/{args.other_engagement}")
check(head, head.find_element(By.TAG_NAME, "h1").text in ("You cannot open this page", "Page not found"), "another head's engagement is refused")
# CSRF: a form posted without the token is refused and changes nothing.
status, page = post_raw(head, "/nominations/1/withdraw", {})
check(head, status == 403 and "This form has expired" in page, f"a POST without the CSRF token is refused (status {status})")
head.get(f"{args.base}/schools/{args.head_urn}/nominations")
check(head, "withdrawn" not in head.find_element(By.ID, "nominations").text, "nothing was withdrawn by it")
head.find_element(By.XPATH, "//button[contains(., 'Withdraw') and contains(., 'Nia Newton')]").click()
wait_text(head, "#flash", "Nia Newton's nomination is withdrawn", "the head withdraws the nomination")

head.find_element(By.LINK_TEXT, "Peer support").click()
head.find_element(By.ID, "ask").click()
wait_text(head, ".error-summary", "Choose at least one area", "asking with no area shows the error")
head.find_element(By.ID, "concern-school-improvement").click()
head.find_element(By.ID, "ask").click()
wait_text(head, "h1", "Choose a peer supporter", "the head sees matching supporter profiles")
cards = head.find_elements(By.CSS_SELECTOR, "#profiles .card")
check(head, len(cards) >= 1, f"{len(cards)} profiles are shown")
phone_shot(head, "profiles")
for name in args.hidden_names.split(","):
    check(head, name not in text(head), f"the profiles do not name {name}")
# The request's "profiles are ready" email: one, linking to this page, naming no supporter.
ready = mail_to(args.head_email, "profiles are ready")
check(head, ready is not None, "the head is emailed that their supporter profiles are ready")
ready_body = ready.get_payload(decode=True).decode("utf-8")
request_path = urllib.parse.urlparse(head.current_url).path
check(head, f"{args.base}{request_path}" in ready_body, "the email links to the profiles page")
check(head, not any(n in ready_body for n in args.hidden_names.split(",")), "the email names no supporter")
check(head, ready["X-Peerlink-Kind"] == "profiles-ready", "the email is of kind profiles-ready")
check(head, count_mail(args.head_email, "profiles are ready") == 1, "exactly one such email")
# Decline one: the page says so and shows the rest, without the declined profile.
check(head, len(cards) >= 2, "there are profiles to decline one and choose another")
def shown_ids():
    return [c.find_element(By.CSS_SELECTOR, "input[name=supporter_id]").get_attribute("value")
            for c in head.find_elements(By.CSS_SELECTOR, "#profiles .card")]
before = shown_ids()
head.find_element(By.ID, "decline-1").click()
wait_text(head, "#flash", "You declined that supporter's profile", "declining a profile says it was declined")
after = shown_ids()
check(head, before[0] not in after, "the declined profile is no longer shown")
check(head, len(after) >= 1 and all(i in after for i in before[1:]), f"the remaining profiles are still shown ({len(after)})")
for name in args.hidden_names.split(","):
    check(head, name not in text(head), f"after declining, the profiles still do not name {name}")
cards = head.find_elements(By.CSS_SELECTOR, "#profiles .card")
cards[0].find_element(By.TAG_NAME, "button").click()
wait_text(head, "#flash", "You have chosen your peer supporter", "choosing a profile starts the engagement")
engagement_url = head.current_url

# ---- Adviser: search, link match with scores and reasons, create a link ---------------------------------
adviser = new_driver()
sign_in(adviser, args.adviser_email)
adviser.find_element(By.ID, "q").send_keys(args.match_urn)
adviser.find_element(By.ID, "search").click()
wait_text(adviser, "#schools", args.match_urn, "the search finds the school")
adviser.find_element(By.CSS_SELECTOR, "#schools a[href^='/match']").click()
check(adviser, adviser.find_element(By.ID, "urn").get_attribute("value") == args.match_urn, "the match form has the school's URN")
Select(adviser.find_element(By.ID, "area")).select_by_value(args.match_area)
adviser.find_element(By.ID, "run-match").click()
wait_text(adviser, "#result-heading", "Nominees for", "the link match runs")
hits = adviser.find_elements(By.CSS_SELECTOR, "#hits .hit")
check(adviser, len(hits) >= 1, f"{len(hits)} nominees are ranked")
first = hits[0].text
for label in ("Total", "Expertise", "Context", "Proximity", "Novelty", "Availability"):
    check(adviser, label in first, f"the first hit shows its {label} score")
check(adviser, len(hits[0].find_elements(By.CSS_SELECTOR, ".reasons li")) >= 1, "the first hit shows its reasons")
check(adviser, "considered" in adviser.find_element(By.ID, "considered").text, "the page says how many were considered")
check(adviser, "Same school: 1" in adviser.find_element(By.ID, "removed-counts").text, "the page shows the removed counts")
adviser.save_screenshot(args.screenshot)
phone_shot(adviser, "match")
hits[0].find_element(By.TAG_NAME, "button").click()
wait_text(adviser, "#flash", "is made. Both schools have been emailed", "creating a link from the match")
m = mail_to(args.nominee_email, "are linked")
check(adviser, m is not None, f"the nominee's school ({args.nominee_email}) gets the link email")

# Coverage: supply against demand per area and LA, the gaps, and the same as a CSV download.
adviser.find_element(By.LINK_TEXT, "Coverage").click()
wait_text(adviser, "h1", "Coverage", "the adviser opens the coverage page")
page_rows = adviser.find_elements(By.CSS_SELECTOR, "#coverage tbody tr")
check(adviser, len(page_rows) >= 1, f"the coverage table lists {len(page_rows)} areas")
import csv, io, urllib.request
cookie = "; ".join(f"{c['name']}={c['value']}" for c in adviser.get_cookies())
href = adviser.find_element(By.ID, "coverage-csv").get_attribute("href")
with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookie})) as resp:
    raw = resp.read()
    check(adviser, resp.headers.get("Content-Type", "").startswith("text/csv"), "the download is a CSV")
check(adviser, raw.startswith(b"\xef\xbb\xbf"), "the CSV starts with a byte-order mark, so Excel reads it as UTF-8")
table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
check(adviser, table[0] == ["area", "area name", "local authority", "available nominees", "open requests"],
      f"the CSV header names its columns: {table[0]}")
mine = [r for r in table[1:] if r[0] == args.match_area]
check(adviser, len(mine) >= 1, f"the CSV has a row per LA for {args.match_area}")
name = mine[0][1]
supply = sum(int(r[3]) for r in mine)
shown = [r for r in page_rows if r.find_elements(By.TAG_NAME, "td")[0].text == name]
check(adviser, len(shown) == 1 and shown[0].find_elements(By.TAG_NAME, "td")[1].text == str(supply),
      f"the page and the CSV agree on {name}'s available nominees ({supply})")
gaps = [r[2] for r in mine if r[3] == "0"]
none_cell = shown[0].find_elements(By.TAG_NAME, "td")[5].text
check(adviser, all(g in none_cell for g in gaps) or none_cell == "all of them",
      f"the page names the LAs with no nominee for {name}: {none_cell!r}")

# Requests and links: the link just made is open; the adviser closes it with an outcome.
adviser.find_element(By.LINK_TEXT, "Requests and links").click()
wait_text(adviser, "h1", "Requests and links", "the adviser opens the requests and links page")
open_links = adviser.find_elements(By.CSS_SELECTOR, "#links tbody tr")
check(adviser, len(open_links) >= 1, f"the adviser sees {len(open_links)} open links")
link_id = open_links[0].find_elements(By.TAG_NAME, "td")[0].text
adviser.find_element(By.ID, f"close-{link_id}").click()  # no outcome: the browser keeps the form (required)
time.sleep(0.5)
check(adviser, adviser.find_elements(By.ID, f"close-{link_id}") and "is closed" not in adviser.page_source,
      "closing without an outcome is not sent, and the link stays open")
adviser.find_element(By.ID, f"outcome-{link_id}").send_keys("Scheme of work shared; two visits")
adviser.find_element(By.ID, f"close-{link_id}").click()
wait_text(adviser, "#flash", f"Link {link_id} is closed", "the adviser closes the link with its outcome")
check(adviser, not adviser.find_elements(By.ID, f"close-{link_id}"), "the closed link is no longer listed as open")
# The open request: its match, then a link that answers it.
wait_text(adviser, "#requests", "Year 5 reasoning", "the adviser sees Elm's open request")
adviser.find_element(By.CSS_SELECTOR, "#requests a[href*='request=']").click()
wait_text(adviser, "#for-request", "For open request", "the match is run for the request")
wait_text(adviser, "#result-heading", "Nominees for", "the request's match has nominees")
adviser.find_elements(By.CSS_SELECTOR, "#hits .hit")[0].find_element(By.TAG_NAME, "button").click()
wait_text(adviser, "#flash", "is made", "a link is made from the request")
adviser.find_element(By.LINK_TEXT, "Requests and links").click()
wait_text(adviser, "#requests-heading", "Open requests", "back on the requests page")
check(adviser, adviser.find_elements(By.ID, "no-requests"), "the request is no longer open: the link answered it")

# ---- Supporter: engagements, a meeting refused on a weekend -----------------------------------------------
supporter = None
for address in args.supporter_emails.split(","):
    d = new_driver()
    sign_in(d, address)
    if d.find_elements(By.CSS_SELECTOR, "#engagements a"):
        supporter = d
        break
    d.quit()
check(head, supporter is not None, "the chosen supporter sees the engagement")
supporter.find_element(By.CSS_SELECTOR, "#engagements a").click()
supporter.find_element(By.ID, "date").send_keys("")  # focus
supporter.execute_script("document.getElementById('date').value = arguments[0]", args.weekend_day)
supporter.execute_script("document.getElementById('time').value = '10:00'")
supporter.find_element(By.ID, "minutes").clear()
supporter.find_element(By.ID, "minutes").send_keys("45")
supporter.find_element(By.ID, "record-meeting").click()
wait_text(supporter, ".error-summary", "contact stays within the working week", "a weekend meeting is refused in the form")
check(supporter, "is a Saturday" in supporter.find_element(By.CSS_SELECTOR, ".has-error .error-message").text, "the refusal is shown by the date field")

# ---- Admin: upload the Forms export, see the report, commit; revoke the head ----------------------------
admin = new_driver()
sign_in(admin, args.admin_email)
admin.find_element(By.LINK_TEXT, "Import").click()
admin.find_element(By.ID, "file").send_keys(os.path.abspath(args.eoi))
admin.find_element(By.ID, "dry-run").click()
wait_text(admin, "h1", "Import report (dry run)", "the dry run shows the row report")
check(admin, "Dry run: nothing was written." in text(admin), "the dry run says nothing was written")
new_rows = admin.find_element(By.ID, "new").text
check(admin, int(new_rows) > 0, f"the report counts {new_rows} new rows")
admin.find_element(By.ID, "commit").click()
wait_text(admin, "h1", "Import committed", "committing the import")
check(admin, "records in one transaction" in admin.find_element(By.ID, "written").text, "the commit reports what it wrote")

admin.find_element(By.LINK_TEXT, "People and invitations").click()
admin.find_element(By.ID, "add-person").click()
wait_text(admin, ".error-summary", "Enter the person's full name", "adding a person with an empty form shows the errors")
admin.find_element(By.ID, "new_name").send_keys("Ivy Inspector")
admin.find_element(By.ID, "new_email").send_keys("ivy@council.gov.uk")
admin.find_element(By.ID, "new_urn").send_keys(args.match_urn)
admin.find_element(By.ID, "new_role").send_keys("Adviser")
admin.find_element(By.ID, "add-person").click()
wait_text(admin, "#flash", "Ivy Inspector is added", "the admin adds a person")
Select(admin.find_element(By.ID, "role")).select_by_value("adviser")
admin.find_element(By.ID, "invite").click()
wait_text(admin, "#flash", "Invitation sent to Ivy Inspector", "the admin invites them")
check(admin, "Ivy Inspector" in admin.find_element(By.ID, "invitations").text, "the invitation is listed as pending")
check(admin, mail_to("ivy@council.gov.uk", "invitation") is not None, "the invitation email is sent")
rows = admin.find_elements(By.CSS_SELECTOR, "#tokens tbody tr")
head_row = [r for r in rows if r.find_elements(By.TAG_NAME, "td")[1].text == "head" and "web sign-in" in r.text and r.find_elements(By.TAG_NAME, "button")]
check(admin, len(head_row) >= 1, "the admin sees the head's web sign-in token")
head_row[-1].find_element(By.TAG_NAME, "button").click()
wait_text(admin, "#flash", "is revoked", "the admin revokes the head's token")

head.get(engagement_url)
wait_text(head, "#signed-out", "You have been signed out", "the revoked head is signed out on their next click")
head.get(f"{args.base}/school")
check(head, "/signin" in head.current_url, "and stays signed out")

admin.find_element(By.LINK_TEXT, "Audit log").click()
wait_text(admin, "#audit", "token_revoke", "the audit log lists the token the admin just revoked")
admin.find_element(By.ID, "operation").send_keys("nomination_create")
admin.find_element(By.ID, "filter-audit").click()
WebDriverWait(admin, 10).until(lambda d: "operation=nomination_create" in d.current_url)  # the new page, not the old rows
ops = {r.find_elements(By.TAG_NAME, "td")[3].text for r in admin.find_elements(By.CSS_SELECTOR, "#audit tbody tr")}
check(admin, ops == {"nomination_create"}, f"filtered by operation, it shows only nomination_create: {ops}")
admin.find_element(By.ID, "operation").clear()
admin.find_element(By.ID, "person").send_keys("twelve")
admin.find_element(By.ID, "filter-audit").click()
wait_text(admin, "#person-error", "Enter a person's id", "a person id that is not a number is refused in the form")

admin.find_element(By.CSS_SELECTOR, "header button").click()
wait_text(admin, "#signed-out", "You have signed out", "the admin signs out")
admin.get(f"{args.base}/admin/people")
check(admin, "/signin" in admin.current_url, "after signing out the admin pages ask for sign-in")

for d in (head, adviser, supporter, admin):
    d.quit()
print(f"browser steps: {webtest.steps_done()} ok")
