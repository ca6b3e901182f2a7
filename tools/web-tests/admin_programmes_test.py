#!/usr/bin/env python3
"""Browser test of the admin's programme pages: supporter profiles (add, change, supervision, eligibility),
cohorts (create, applicants, facilitator, preview, form, sessions) and the quality report; then access.

Run by Tests/PeerlinkIntegrationTests/WebAdminProgrammesTests.swift, which starts the real peerlinkd and
peerlink-web, seeds the directory and sends the invitations. After creating the cohort this script prints
`WAIT cohort ID` and reads one line from standard input: the Swift test seeds the applications with the admin
client meanwhile. Every step asserts what the page shows; exits non-zero on the first failed step.
"""
import argparse, csv, io, re, sys, urllib.error, urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--maildir", required=True)
p.add_argument("--admin-email", required=True)
p.add_argument("--head-email", required=True)
p.add_argument("--adviser-email", required=True)
p.add_argument("--supporter-person", required=True)  # person id of the supporter whose profile the admin adds
p.add_argument("--supporter-name", required=True)
p.add_argument("--training-day", required=True)  # a past YYYY-MM-DD
p.add_argument("--cohort-start", required=True)
p.add_argument("--facilitator", required=True)  # person id
p.add_argument("--applicant", required=True)  # person id of an applicant (refused as facilitator)
p.add_argument("--applicant-names", required=True)  # comma-separated: every seeded applicant
p.add_argument("--unplaced-name", required=True)  # the applicant no group can take
p.add_argument("--member-email", required=True)  # a member of the formed group
p.add_argument("--qa-supporters", required=True)  # supporter profiles the report must count (seeded + added here)
p.add_argument("--qa-requests", required=True)  # support requests the Swift test made
p.add_argument("--routes", required=True)  # "GET /admin/…,POST /admin/…/{id}/…": every route of these pages
p.add_argument("--qa-csv-out", required=True)  # where to keep the downloaded CSV, for the Swift test to compare
p.add_argument("--screenshot", required=True)
p.add_argument("--phone-shots")
args = p.parse_args()

import webtest
from webtest import *  # noqa: F401,F403 (new_driver, check, wait_text, mail_to, sign_in, post_raw, …)

webtest.configure(args)


def get_raw(driver, path):
    """A GET with the browser's session cookie: the status and the body."""
    req = urllib.request.Request(args.base + path, headers={"Cookie": cookie_header(driver)})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def csrf(driver):
    return driver.find_element(By.CSS_SELECTOR, "input[name=csrf]").get_attribute("value")


def set_value(driver, element_id, value):
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, value)


def error_by(driver, field_id):
    """The error message shown in the field (or fieldset) holding the element with `field_id`."""
    el = driver.find_element(By.ID, field_id)
    box = el if "field" in (el.get_attribute("class") or "") else el.find_element(By.XPATH, "ancestor::*[contains(@class,'field')][1]")
    check(driver, "has-error" in box.get_attribute("class"), f"the field holding #{field_id} is marked as in error")
    return box.find_element(By.CSS_SELECTOR, ".error-message").text


def row_value(driver, table_id, label):
    for tr in driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tr"):
        th = tr.find_elements(By.TAG_NAME, "th")
        if th and th[0].text.strip() == label:
            return tr.find_element(By.TAG_NAME, "td").text.strip()
    fail(driver, f"no row '{label}' in #{table_id}")


admin = new_driver()
sign_in(admin, args.admin_email)

# ---- Supporter profiles -------------------------------------------------------------------------------------
admin.find_element(By.LINK_TEXT, "Supporters").click()
wait_text(admin, "h1", "Supporter profiles", "the Supporters link opens the supporter list")
seeded_rows = len(admin.find_elements(By.CSS_SELECTOR, "#supporters tbody tr"))
check(admin, seeded_rows == int(args.qa_supporters) - 1, f"the list shows the {seeded_rows} seeded profiles")
admin.find_element(By.ID, "add-supporter").click()
wait_text(admin, "h1", "Add a supporter profile", "Add a supporter profile opens the form")
admin.find_element(By.ID, "person_id").send_keys(args.supporter_person)
admin.find_element(By.ID, "summary").send_keys("Led two schools out of special measures.")
admin.find_element(By.ID, "skill-school-improvement").click()
admin.find_element(By.ID, "regions_served").send_keys("South East, London")
capacity = admin.find_element(By.ID, "capacity")
capacity.clear()
capacity.send_keys("99")
admin.find_element(By.ID, "save-supporter").click()
wait_text(admin, ".error-summary", "capacity must be between 1 and 10", "a capacity of 99 is refused in the error summary")
check(admin, "capacity must be between 1 and 10" in error_by(admin, "capacity"), "the daemon's refusal is shown beside Capacity")
check(admin, admin.title.startswith("Error:"), "the refused form's title starts with Error:")
check(admin, admin.find_element(By.ID, "summary").get_attribute("value") == "Led two schools out of special measures.", "the form keeps what was typed")
check(admin, admin.find_element(By.ID, "skill-school-improvement").is_selected(), "the form keeps the ticked skill")
status, page = post_raw(admin, "/admin/supporters", {
    "csrf": csrf(admin), "person_id": args.supporter_person, "summary": "x", "skills": "school-improvement", "capacity": "99"})
check(admin, status == 400 and "capacity must be between 1 and 10" in page, f"the refused form answers 400 (got {status})")
phone_shot(admin, "supporter-errors")
capacity = admin.find_element(By.ID, "capacity")
capacity.clear()
capacity.send_keys("2")
admin.find_element(By.ID, "save-supporter").click()
wait_text(admin, "#flash", "supporter profile is added", "the profile is added")
check(admin, args.supporter_name in admin.find_element(By.TAG_NAME, "h1").text, "the new profile's page names the supporter")
wait_text(admin, "#eligibility", "Not eligible", "without training the profile is not eligible")
check(admin, "supporter training is not completed" in admin.find_element(By.ID, "eligibility").text, "the daemon's reason is shown: training")
check(admin, "coaching or mentoring record" in admin.find_element(By.ID, "eligibility").text, "and the missing coaching record")
supporter_url = admin.current_url
supporter_id = re.search(r"/admin/supporters/(\d+)", supporter_url).group(1)

admin.find_element(By.ID, "edit-supporter").click()
wait_text(admin, "h1", "Change the supporter profile", "Change the profile opens the filled-in form")
check(admin, admin.find_element(By.ID, "summary").get_attribute("value") == "Led two schools out of special measures.", "the change form holds the summary")
check(admin, admin.find_element(By.ID, "regions_served").get_attribute("value") == "South East, London", "and the regions served")
set_value(admin, "training_completed", args.training_day)
admin.find_element(By.ID, "coaching_record").send_keys("Coach to six new heads since 2018.")
admin.find_element(By.ID, "knows_local_processes").click()
admin.find_element(By.ID, "skill-curriculum-and-assessment").click()
admin.find_element(By.ID, "save-supporter").click()
wait_text(admin, "#flash", "supporter profile is saved", "the changes are saved")
wait_text(admin, "#eligibility", "Eligible: this profile can be offered", "with training, a record and local knowledge it is eligible")
check(admin, admin.find_element(By.ID, "profile-training").text == args.training_day, "the page shows the training day")
check(admin, "Curriculum" in admin.find_element(By.ID, "profile-skills").text, "and the added skill")
phone_shot(admin, "supporter")

check(admin, admin.find_element(By.ID, "no-supervision").is_displayed(), "no supervision is recorded yet")
minutes = admin.find_element(By.ID, "minutes")
minutes.clear()
minutes.send_keys("600")
admin.find_element(By.ID, "record-supervision").click()
wait_text(admin, ".error-summary", "1 to 480 minutes", "600 minutes of supervision is refused")
check(admin, "1 to 480 minutes" in error_by(admin, "minutes"), "the refusal is shown beside the length")
today = admin.find_element(By.ID, "date").get_attribute("value")
minutes = admin.find_element(By.ID, "minutes")
minutes.clear()
minutes.send_keys("75")
admin.find_element(By.ID, "record-supervision").click()
wait_text(admin, "#flash", "is recorded for", "the supervision meeting is recorded")
check(admin, f"{today} 75" in admin.find_element(By.ID, "supervision").text, "the supervision table shows the day and the minutes")

admin.find_element(By.LINK_TEXT, "Supporters").click()
wait_text(admin, "#supporters", args.supporter_name, "the list shows the new supporter")
row = admin.find_element(By.ID, f"supporter-{supporter_id}").text
check(admin, "Eligible" in row and "Not eligible" not in row, "the list shows the new supporter as eligible")

# ---- Cohorts -----------------------------------------------------------------------------------------------
admin.find_element(By.LINK_TEXT, "Cohorts").click()
wait_text(admin, "h1", "Cohorts", "the Cohorts link opens the cohort list")
check(admin, admin.find_element(By.ID, "no-cohorts").is_displayed(), "there are no cohorts yet")
admin.find_element(By.ID, "name").send_keys("Spring Heads")
set_value(admin, "start", args.cohort_start)
top = admin.find_element(By.ID, "max_group_size")
top.clear()
top.send_keys("20")
admin.find_element(By.ID, "create-cohort").click()
wait_text(admin, ".error-summary", "group size must be MIN-MAX", "a largest group of 20 is refused")
check(admin, "group size must be MIN-MAX" in error_by(admin, "group_size"), "the refusal is shown beside Group size")
check(admin, admin.find_element(By.ID, "name").get_attribute("value") == "Spring Heads", "the cohort form keeps the name")
top = admin.find_element(By.ID, "max_group_size")
top.clear()
top.send_keys("6")
admin.find_element(By.ID, "create-cohort").click()
wait_text(admin, "#flash", "Cohort Spring Heads is created", "the cohort is created")
check(admin, admin.find_element(By.ID, "no-participants").is_displayed(), "a new cohort has no applicants")
cohort_url = admin.current_url
cohort_id = re.search(r"/admin/cohorts/(\d+)", cohort_url).group(1)

print(f"WAIT cohort {cohort_id}", flush=True)
if sys.stdin.readline().strip() != "seeded":
    print("FAILED: the Swift test did not seed the applications", file=sys.stderr)
    sys.exit(1)

admin.get(cohort_url)
wait_text(admin, "#participants", args.applicant_names.split(",")[0], "the cohort page lists the applicants")
shown = admin.find_element(By.ID, "participants").text
check(admin, all(n in shown for n in args.applicant_names.split(",")), "every seeded applicant is listed")

admin.find_element(By.ID, "person_id").send_keys(args.applicant)
admin.find_element(By.ID, "add-facilitator").click()
wait_text(admin, ".error-summary", "participant", "an applicant cannot facilitate")
check(admin, "participant" in error_by(admin, "person_id"), "the refusal is shown beside Person id")
person = admin.find_element(By.ID, "person_id")
person.clear()
person.send_keys(args.facilitator)
admin.find_element(By.ID, "add-facilitator").click()
wait_text(admin, "#flash", "facilitates up to 2 groups", "the facilitator is added")
check(admin, "Facilitator" in admin.find_element(By.ID, "facilitators").text, "the facilitators table lists them")

admin.find_element(By.ID, "preview-groups").click()
wait_text(admin, "h1", "Preview the groups", "Preview the groups opens the plan")
check(admin, admin.find_element(By.ID, "groups-formed").text == "1", "the plan forms one group")
check(admin, admin.find_element(By.ID, "unplaced-count").text == "1", "and leaves one head unplaced")
check(admin, admin.find_element(By.ID, "worst-score").text.endswith("out of 100"), "the quality figure is shown in words")
unplaced = admin.find_element(By.ID, "unplaced").text
check(admin, args.unplaced_name in unplaced and "below the minimum group size" in unplaced,
      f"the unplaced head is named with the reason ({unplaced})")
check(admin, len(admin.find_elements(By.CSS_SELECTOR, "#groups tbody tr")) == 1, "the preview shows the group")
admin.save_screenshot(args.screenshot)
phone_shot(admin, "cohort-plan")
admin.get(cohort_url)
check(admin, admin.find_element(By.ID, "no-groups").is_displayed(), "the preview stored nothing")
check(admin, mail_to(args.member_email, "your group and session dates", timeout=1) is None, "and emailed nobody")

admin.find_element(By.ID, "preview-groups").click()
wait_text(admin, "h1", "Preview the groups", "back to the preview")
admin.find_element(By.ID, "form-groups-button").click()
wait_text(admin, "#flash", "are formed: 1 group", "forming the groups says what it did")
groups = admin.find_element(By.ID, "groups").text
check(admin, "Facilitator" in groups and args.applicant_names.split(",")[0] in groups, "the cohort page shows the group with its facilitator")
m = mail_to(args.member_email, "your group and session dates")
check(admin, m is not None, f"a member's email arrives ({args.member_email})")
body = m.get_payload(decode=True).decode("utf-8")
check(admin, "Session 1:" in body and "Spring Heads" in body, "it names the cohort and the session dates")

admin.find_element(By.ID, "see-sessions").click()
wait_text(admin, "h1", "Sessions", "Sessions opens the session list")
rows = admin.find_elements(By.CSS_SELECTOR, "#sessions tbody tr")
check(admin, len(rows) == 6 and "1 of 6" in rows[0].text and "6 of 6" in rows[5].text, f"the group's six sessions are listed ({len(rows)})")
status, ics = get_raw(admin, f"/admin/cohorts/{cohort_id}/sessions?format=ics")
check(admin, status == 200 and ics.count("BEGIN:VEVENT") == 6, "the calendar download holds the six sessions")

# ---- Quality report ----------------------------------------------------------------------------------------
admin.find_element(By.LINK_TEXT, "Quality report").click()
wait_text(admin, "h1", "Quality report", "the Quality report link opens the report")
phone_shot(admin, "qa-report")
check(admin, row_value(admin, "qa-supporters", "Supporter profiles") == args.qa_supporters,
      f"the report counts {args.qa_supporters} supporter profiles (seeded and added here)")
check(admin, row_value(admin, "qa-supporters", "Supervision meetings recorded") == "1", "and the one supervision meeting recorded here")
check(admin, row_value(admin, "qa-requests", "Requests for support") == args.qa_requests,
      f"and the {args.qa_requests} support requests the test made")
check(admin, row_value(admin, "qa-engagements", "In progress") == "1", "and the engagement in progress")
status, body = get_raw(admin, "/admin/reports/qa?format=csv")
with open(args.qa_csv_out, "w", encoding="utf-8", newline="") as out:
    out.write(body)
csv_rows = {r[0]: r[1] for r in csv.reader(io.StringIO(body.lstrip("\ufeff"))) if len(r) == 2}
check(admin, status == 200 and csv_rows.get("supporters", "").startswith(f"{args.qa_supporters} (")
      and csv_rows.get("supervision meetings") == "1", f"the CSV download holds the same figures ({csv_rows.get('supporters')})")
set_value(admin, "date", "2027-02-30")
admin.find_element(By.ID, "show-report").click()
wait_text(admin, ".error-summary", "real date", "an impossible As of day is refused")
check(admin, "real date" in error_by(admin, "date"), "the refusal is shown beside As of")

# A form posted without its CSRF token changes nothing.
status, page = post_raw(admin, f"/admin/supporters/{supporter_id}/supervision", {"date": today, "minutes": "30"})
check(admin, status == 403 and "This form has expired" in page, f"a POST without the CSRF token is refused (status {status})")
admin.get(supporter_url)
check(admin, len(admin.find_elements(By.CSS_SELECTOR, "#supervision tbody tr")) == 1, "and records nothing")

# A record that does not exist is a 404 page that names nothing.
for path in ("/admin/supporters/9999", "/admin/supporters/9999/edit", "/admin/cohorts/9999", "/admin/cohorts/9999/plan",
             "/admin/cohorts/9999/sessions"):
    status, page = get_raw(admin, path)
    check(admin, status == 404 and "Page not found" in page and "9999" not in page.split("</header>")[-1],
          f"{path} is 404 and says nothing of the record (status {status})")

# ---- Access: a head's and an adviser's sessions get 403 on every route of these pages ----------------------
routes = []
for spec in args.routes.split(","):
    method, path = spec.split(" ", 1)
    path = path.replace("{id}", supporter_id if path.startswith("/admin/supporters") else cohort_id)
    routes.append((method, path))
check(admin, len(routes) >= 14, f"the Swift test passed every route of these pages ({len(routes)})")
for email_address in (args.head_email, args.adviser_email):
    other = new_driver()
    sign_in(other, email_address)
    token = csrf(other)
    for method, path in routes:
        if method == "GET":
            status, page = get_raw(other, path)
        else:
            status, page = post_raw(other, path, {"csrf": token, "person_id": args.facilitator, "date": today, "minutes": "30"})
        check(other, status == 403 and "You cannot open this page" in page and args.supporter_name not in page
              and "Spring Heads" not in page, f"{email_address}: {method} {path} is refused (403), nothing shown")
    other.quit()
admin.get(supporter_url)
check(admin, len(admin.find_elements(By.CSS_SELECTOR, "#supervision tbody tr")) == 1, "the refused POSTs recorded nothing")

admin.quit()
print(f"admin programme steps: {steps_done()} passed")
