"""End to end in Chromium: a secretary records nominations and a member's open tracker updates live.

Runs the demo under Daphne in a subprocess with its own SQLite file (the page and the websocket
need a real server), so it needs no test database.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        SQLITE_PATH=str(tmp_path / "e2e.sqlite3"), NEC_SKIP_STARTUP_CHECKS="1", DJANGO_SETTINGS_MODULE="config.settings"
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    daphne = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        daphne.terminate()
        daphne.wait(timeout=10)


def signed_in(browser, base, username):
    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-pass-2026")
    page.click("button[type=submit]")
    return page


@pytest.mark.browser
def test_a_members_tracker_updates_live_when_a_secretary_nominates(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        watcher = signed_in(browser, server, "member")
        watcher.goto(f"{server}/ballots/nec-2026/clp-section/nominations/")
        watcher.wait_for_function("document.getElementById('nominations-status').textContent.startsWith('Live')")
        umar = '#counts-body tr:has(th:text("Umar Siddiqui")) [data-field=clps]'
        before = int(watcher.text_content(umar))

        secretary = signed_in(browser, server, "secretary2")
        secretary.goto(f"{server}/ballots/nec-2026/clp-section/clps/leeds-central/nominations/")
        secretary.check("label:has-text('Umar Siddiqui') input")
        secretary.fill("#id_meeting_date", time.strftime("%Y-%m-%d"))
        secretary.select_option("#id_method", "fptp")
        secretary.click("button:has-text('Submit the nominations')")
        assert "are recorded" in secretary.text_content(".messages")

        watcher.wait_for_function("document.getElementById('nominations-status').textContent.startsWith('Updated')")
        assert int(watcher.text_content(umar)) == before + 1
        assert "Leeds Central changed its nominations" in watcher.text_content("#nominations-status")
        assert "Umar Siddiqui" in watcher.text_content('#clps-body tr[data-clp="leeds-central"]')
        assert watcher.locator("#nominations-chart g[data-candidate]").count() == 24  # redrawn with every candidate
        browser.close()
