"""What every browser test script shares: a headless Chromium, checked steps, the mail folder, sign-in from
the emailed invitation link. Call `configure(args)` first (args with .base, .maildir and .phone_shots).

Each check prints `ok N - what`; the first failure prints the page's text and exits non-zero. Wait for the new
page (`wait_text`, or WebDriverWait on the URL) before reading rows: a click returns before the page loads.
"""
import email, glob, os, re, sys, time, urllib.error, urllib.parse, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


class _Config:
    base = ""
    maildir = ""
    phone_shots = None


cfg = _Config()


def configure(args):
    cfg.base = args.base
    cfg.maildir = args.maildir
    cfg.phone_shots = getattr(args, "phone_shots", None)


def steps_done():
    return steps


steps = 0


def new_driver():
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1400"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def fail(driver, what):
    print(f"FAILED: {what}\nURL: {driver.current_url}\n--- page ---\n{driver.find_element(By.TAG_NAME, 'body').text}", file=sys.stderr)
    sys.exit(1)


def check(driver, cond, what):
    global steps
    if not cond:
        fail(driver, what)
    steps += 1
    print(f"ok {steps} - {what}")


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def wait_text(driver, css, words, what, timeout=10):
    try:
        WebDriverWait(driver, timeout).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), words))
    except Exception:
        fail(driver, what)
    check(driver, True, what)


def mail_to(address, subject_words, timeout=20):
    """The newest message to `address` whose subject contains the words (the sender polls the outbox)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for path in sorted(glob.glob(os.path.join(cfg.maildir, "*.eml")), reverse=True):
            with open(path, encoding="utf-8") as f:
                m = email.message_from_file(f)
            if m["To"] == address and subject_words in (m["Subject"] or ""):
                return m
        time.sleep(0.2)
    return None


def count_mail(address, subject_words):
    """How many messages to `address` with the words in their subject have arrived."""
    n = 0
    for path in glob.glob(os.path.join(cfg.maildir, "*.eml")):
        with open(path, encoding="utf-8") as f:
            m = email.message_from_file(f)
        n += m["To"] == address and subject_words in (m["Subject"] or "")
    return n


def sign_in(driver, address):
    m = mail_to(address, "invitation")
    if m is None:
        print(f"FAILED: no invitation email to {address} in {cfg.maildir}", file=sys.stderr)
        sys.exit(1)
    body = m.get_payload(decode=True).decode("utf-8")
    link = re.search(r"(http\S+/invite/\S+)", body).group(1)
    check(driver, link.startswith(cfg.base), f"the invitation email to {address} links to this server")
    driver.get(link)
    check(driver, driver.find_element(By.ID, "sign-in").text == "Sign in", "the link shows one Sign in button")
    driver.find_element(By.ID, "sign-in").click()
    wait_text(driver, "#flash", "You are signed in", f"{address} is signed in from the emailed link")


def phone_shot(driver, name):
    if not cfg.phone_shots:
        return
    os.makedirs(cfg.phone_shots, exist_ok=True)
    driver.set_window_size(390, 1400)
    driver.save_screenshot(os.path.join(cfg.phone_shots, name + ".png"))
    driver.set_window_size(1100, 1400)


def cookie_header(driver):
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


def post_raw(driver, path, fields):
    """A POST made outside the page (no CSRF field unless given), with the browser's session cookie."""
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(cfg.base + path, data=data, headers={"Cookie": cookie_header(driver)}, method="POST")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(req) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
