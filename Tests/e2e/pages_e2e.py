#!/usr/bin/python3
"""The pages end to end in a real headless Chromium (Selenium), against `registry serve --demo`.

A month of work through the pages: the bureau creates a school clerk's account; the clerk signs in,
imports students from a CSV (one row refused, shown in the row report), registers a placement (first
too short: Duration_01 beside the end date), insures it and starts it; the inspector sees a missing
stipend (Pay_04) in the audit; the enterprise confirms the month on its stipend sheet (one row
refused on its own row, the others confirmed); the inspector sees the finding gone; another school
trying the first school's student sees Auth_01 beside the student field.

Usage: pages_e2e.py --registry PATH/registry --out SCREENSHOT_DIR
Exits 0 when every step held, 1 with the failed step otherwise. Screenshots of each page: OUT/NN-name.png.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

NOW = "2026-03-31T10:00:00Z"  # the demo district's summary date: its audit has Pay_04 findings for 2026-02


class Step(Exception):
    pass


def gone(element):
    """Whether the page holding `element` has been replaced. Asked in the middle of a navigation,
    chromedriver may answer that the node "does not belong to the document" (an unknown error, not
    StaleElementReferenceException, as `expected_conditions.staleness_of` expects): it is gone too."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def check(condition, message):
    if not condition:
        raise Step(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`registry serve --demo` on a fresh log; the demo accounts' one-time passwords from its output."""

    def __init__(self, registry, directory):
        self.port = free_port()
        self.passwords = {}
        env = dict(os.environ, REGISTRY_NOW=NOW)
        env.pop("REGISTRY_LOG", None)
        self.process = subprocess.Popen(
            [registry, "serve", "--demo", "--log", os.path.join(directory, "log"), "--listen", f"127.0.0.1:{self.port}", "--lang", "en"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.output = []
        ready = threading.Event()

        def read():
            for line in self.process.stdout:
                self.output.append(line)
                m = re.match(r"\s+(\S+)\s+(\S+:\S+)\s+(\S+)\s*$", line)
                if m:
                    self.passwords[m.group(1)] = m.group(3)
                if "listening on" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(600) or self.process.poll() is not None:
            raise Step("registry serve did not start:\n" + "".join(self.output))
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Browser:
    def __init__(self, base, out):
        options = Options()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1800",
                         "--lang=zh-CN"]:
            options.add_argument(argument)
        # Chinese first, as a clerk's browser in the district asks.
        options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
        service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
        self.driver = webdriver.Chrome(service=service, options=options)
        self.base = base
        self.out = out
        self.shots = 0

    def get(self, path):
        self.driver.get(self.base + path)

    def shot(self, name):
        self.shots += 1
        path = os.path.join(self.out, f"{self.shots:02d}-{name}.png")
        self.driver.save_screenshot(path)
        print(f"  screenshot {path}")

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def finds(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def fill(self, values):
        for name, value in values.items():
            field = self.find(f"#f-{name}")
            if field.tag_name == "select":
                Select(field).select_by_value(value)
            elif field.get_attribute("type") == "date":
                # A date input takes keystrokes in the browser's locale order; set the value as the form posts it.
                self.driver.execute_script("arguments[0].value = arguments[1];", field, value)
            else:
                field.clear()
                field.send_keys(value)

    def submit(self, form_css="form.card"):
        self.click(self.find(form_css + " button[type=submit]"))

    def click(self, button):
        """Clicks a button that posts a form, and waits for the next page (the old one gone, the new one loaded)."""
        old = self.find("html")
        button.click()
        WebDriverWait(self.driver, 120).until(lambda _: gone(old))
        WebDriverWait(self.driver, 120).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def text(self):
        return self.find("body").text

    def html(self):
        return self.driver.page_source

    def log_in(self, user, password):
        self.driver.delete_all_cookies()
        self.get("/login")
        self.fill({"user": user, "password": password})
        self.submit()
        check("/login" not in self.driver.current_url, f"{user} could not sign in: {self.text()[:300]}")


def run(registry, out):
    os.makedirs(out, exist_ok=True)
    directory = tempfile.mkdtemp(prefix="registry-e2e-")
    server = None
    browser = None
    try:
        print("starting registry serve --demo …")
        server = Server(registry, directory)
        for user in ["bureau", "inspector", "s02", "e05"]:
            check(user in server.passwords, f"no demo password printed for {user}: {''.join(server.output)}")
        browser = Browser(server.base, out)
        b = browser

        print("the sign-in page, Chinese by default")
        b.get("/login")
        check('lang="zh-CN"' in b.html() and "登录" in b.text(), "the sign-in page is not in Chinese")
        b.shot("login")
        b.fill({"user": "bureau", "password": "wrong password"})
        b.submit()
        check("用户名或密码错误" in b.text(), "a wrong password did not say so")

        print("the bureau creates a school clerk's account")
        b.log_in("bureau", server.passwords["bureau"])
        b.get("/bureau/accounts")
        b.fill({"user": "zhang", "role": "school:S01", "name": "张老师"})
        b.submit("form[action='/bureau/accounts']")
        password = b.find("#one-time-password").text.strip()
        check(len(password) >= 10, "no one-time password shown")
        b.shot("bureau-accounts")
        b.get("/bureau/schools")
        b.shot("bureau-schools")

        print("the school clerk imports students from a CSV")
        b.log_in("zhang", password)
        csv = os.path.join(directory, "students.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write("学号,姓名,专业,出生日期,入学日期\n")
            f.write("20269001,测试学生,数控技术,2007-05-01,2025-09-01\n")
            f.write("20269002,年幼学生,数控技术,2020-05-01,2025-09-01\n")
        b.get("/imports")
        b.fill({"kind": "students"})
        b.find("#f-csv").send_keys(csv)
        WebDriverWait(b.driver, 30).until(lambda d: d.find_element(By.ID, "f-csv-base64").get_attribute("value"))
        b.submit()
        rows = b.finds("table.rows tr.rejected")
        check(len(rows) == 1 and "Data_03" in rows[0].text and "20269002" in rows[0].text, f"the row report does not show the refused row: {b.text()[:600]}")
        check(re.search(r"(已登记行数|Rows recorded)\s*1", b.text()), "the import did not record the good row")
        b.shot("school-import-report")
        b.get("/school/students?q=20269001")
        check("测试学生" in b.text(), "the imported student is not listed")
        b.shot("school-students")

        print("… registers a placement: too short first (Duration_01 beside the end date), then right")
        b.get("/school/placements/new")
        form = {"id": "P-E2E-1", "student": "20269001", "enterprise": "E01", "kind": "post", "start": "2026-03-01", "end": "2026-05-31",
                "stipend": "3400", "agreement": "SF-E2E-1"}
        b.fill(form)
        b.submit()
        error = b.find("#f-end-error").text
        check("Duration_01" in error, f"Duration_01 is not beside the end date: {b.text()[:600]}")
        b.shot("school-register-rejected")
        b.fill({"end": "2026-12-31"})
        b.submit()
        check("/placements/P-E2E-1" in b.driver.current_url, f"the placement was not registered: {b.text()[:600]}")

        print("… insures it and starts it")
        b.fill({"policy": "POL-E2E-1", "insurer": "中国人民财产保险", "covers": "liability,accident", "from": "2026-03-01",
                "to": "2026-12-31", "paidBy": "school"})
        b.submit("form[action$='/insure']")
        check("POL-E2E-1" in b.text(), f"the policy is not on the placement page: {b.text()[:600]}")
        b.fill({"on": "2026-03-01"})
        b.submit("form[action$='/start']")
        check("实习中" in b.text() or "active" in b.text(), f"the placement did not start: {b.text()[:800]}")
        b.shot("school-placement")

        print("the inspector sees the missing February stipend (Pay_04) of P-20232046")
        b.log_in("inspector", server.passwords["inspector"])
        b.get("/audit?rule=Pay_04")
        check("P-20232046" in b.text(), "the audit does not show P-20232046's Pay_04 finding")
        b.shot("inspector-audit-before")

        print("the enterprise confirms the month on its stipend sheet")
        b.log_in("e05", server.passwords["e05"])
        b.get("/enterprise/stipends?month=2026-02")
        b.shot("enterprise-stipend-sheet")
        rows = b.finds("table.sheet tbody tr")
        check(rows, "the stipend sheet has no rows")
        ids = [r.find_elements(By.CSS_SELECTOR, "td")[1].text.strip() for r in rows]
        check("P-20232046" in ids, f"P-20232046 is not on E05's sheet: {ids}")
        # One row already confirmed is ticked as well: the registry refuses it (Pay_05) on its own row.
        already = [r for r in rows if not r.find_element(By.CSS_SELECTOR, "input.pick").is_selected()]
        check(already, "no row of the sheet is already confirmed")
        already[0].find_element(By.CSS_SELECTOR, "input.pick").click()
        refused_id = already[0].find_elements(By.CSS_SELECTOR, "td")[1].text.strip()
        b.click(b.find("#confirm-all"))
        accepted = [r.find_elements(By.CSS_SELECTOR, "td")[1].text.strip() for r in b.finds("table.sheet tr.accepted")]
        rejected = b.finds("table.sheet tr.rejected")
        check("P-20232046" in accepted, f"P-20232046 was not confirmed: {b.text()[:800]}")
        check(len(rejected) == 1 and refused_id in rejected[0].text and "Pay_05" in rejected[0].text,
              f"the refused row does not show Pay_05 on its row: {[r.text for r in rejected]}")
        b.shot("enterprise-stipend-sheet-confirmed")

        print("the inspector sees the finding gone")
        b.log_in("inspector", server.passwords["inspector"])
        b.get("/audit?rule=Pay_04")
        check("P-20232046" not in b.text(), "P-20232046's Pay_04 finding is still in the audit")
        b.shot("inspector-audit-after")
        b.get("/history?stream=placement-P-20232046")
        check("StipendConfirmed" in b.text(), "the history does not show the confirmation")
        b.shot("inspector-history")
        b.get("/verify")
        check(re.fullmatch(r"[0-9a-f]{64}", b.find("#head-hash").text.strip()), "verify shows no head hash")
        b.shot("inspector-verify")

        print("another school trying the first school's student sees Auth_01")
        b.log_in("s02", server.passwords["s02"])
        b.get("/school/placements/new")
        b.fill(dict(form, id="P-E2E-2", end="2026-12-31"))
        b.submit()
        error = b.find("#f-student-error").text
        check("Auth_01" in error, f"Auth_01 is not beside the student field: {b.text()[:600]}")
        b.shot("school-auth01")

        print("English on request")
        b.get("/school/placements?lang=en")
        check('lang="en"' in b.html() and "Placements" in b.text(), "?lang=en did not give English")
        b.shot("school-placements-en")
        print("all steps held")
        return 0
    except Step as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        if browser:
            browser.shot("failure")
        if server:
            server.stop()
            print("registry serve said:\n" + "".join(server.output), file=sys.stderr)
        return 1
    finally:
        if browser:
            browser.driver.quit()
        if server:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    sys.exit(run(arguments.registry, arguments.out))
