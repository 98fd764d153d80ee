"""End to end in headless Chromium against a real Daphne serving the demo: the returning officer
uploads a synthetic election, the count waits in the queue and the count worker (a separate
process, as in production) runs it while the sheet polls; it is a marked trial (the CLP section's
ballot is still open). The officer then recounts the (declared) disabled members' representative
and declares the recount in two steps with a reason, and a member reads the declared sheet."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ballots.results.test_counts import synth

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[3]
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("results-e2e")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"SQLITE_PATH": str(tmp / "demo.sqlite3"), "MEDIA_ROOT": str(tmp / "media"), "DEBUG": "1"})
    env["TASKS_BACKEND"] = "database"
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "count_worker", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}", tmp
    finally:
        for running in (process, worker):
            running.terminate()
            running.wait(timeout=30)


def sign_in(browser, base, username):
    page = browser.new_context(base_url=base).new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-pass-2026")
    page.click("main button[type=submit]")
    page.wait_for_url("**/")
    return page


def test_a_count_runs_in_the_background_and_the_declared_sheet_reaches_members(server):
    from playwright.sync_api import sync_playwright

    base, tmp = server
    blt = tmp / "nec.blt"
    blt.write_bytes(synth(20000))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        ro = sign_in(browser, base, "returning")
        ro.goto("/ballots/results/nec-2026/clp-section/upload/")
        ro.set_input_files("#id_file", str(blt))
        ro.check("input[value=position]")
        ro.click("text=Check and load")
        assert "Loaded 20,000 ballots" in ro.content()
        ro.fill("#id_seed", "1")
        ro.click("text=Run a trial count")  # the CLP section's ballot is still open in the demo
        ro.wait_for_selector("text=Elected, in order", timeout=60000)  # polled, then reloaded
        assert ro.locator("ol li").count() == 9
        assert "Trial count." in ro.content() and ro.locator("text=Declare this count as the result").count() == 0

        # The disabled members' representative is declared in the demo (its ballot has closed): a
        # recount of it replaces that result only by being declared, in two steps, with a reason.
        ro.goto("/ballots/results/nec-2026/disabled-members-rep/")
        ro.click("table >> text=/^Count \\d+$/")
        ro.fill("#id_reason", "The agent's request")
        ro.click("text=Run the recount")
        ro.wait_for_selector("text=Elected, in order", timeout=60000)
        ro.click("text=Declare this count as the result")
        assert "What declaring does" in ro.content() and "This replaces the declared result" in ro.content()
        ro.fill("#id_reason", "Recounted at the agent's request")
        ro.click("text=/Yes, declare count \\d+ as the result/")
        assert "Declared result." in ro.content() and "Declarations of this section" in ro.content()
        member = sign_in(browser, base, "member")
        member.goto("/ballots/results/")
        member.click("text=NEC 2026 — Disabled members' representative")
        assert "Declared result." in member.content()
        assert member.locator("svg.chart title#chart-title").count() == 1
        browser.close()
