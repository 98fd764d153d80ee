"""End to end in Chromium: a secretary records nominations and a member's open tracker updates live.

Runs the demo under Daphne in a subprocess with its own SQLite file (the page and the websocket
need a real server), so it needs no test database.
"""

import re
import time

import pytest

from tests.servers import chromium, demo_server, signed_in


@pytest.fixture
def server(tmp_path):
    with demo_server(tmp_path, NEC_SKIP_STARTUP_CHECKS="1") as base:
        yield base


@pytest.mark.browser
def test_a_members_tracker_updates_live_when_a_secretary_nominates(server):
    from playwright.sync_api import expect

    with chromium() as browser:
        watcher = signed_in(browser, server, "member")
        watcher.goto(f"{server}/ballots/nec-2026/clp-section/nominations/")
        # expect(), not wait_for_function(): Playwright evaluates those strings, which the CSP forbids.
        expect(watcher.locator("#nominations-status")).to_have_text(re.compile("^Live"))
        umar = '#counts-body tr:has(th:text("Umar Siddiqui")) [data-field=clps]'
        before = int(watcher.text_content(umar))

        secretary = signed_in(browser, server, "secretary2")
        secretary.goto(f"{server}/ballots/nec-2026/clp-section/clps/leeds-central/nominations/")
        secretary.check("label:has-text('Umar Siddiqui') input")
        secretary.fill("#id_meeting_date", time.strftime("%Y-%m-%d"))
        secretary.select_option("#id_method", "fptp")
        secretary.click("button:has-text('Submit the nominations')")
        assert "are recorded" in secretary.text_content(".messages")

        expect(watcher.locator("#nominations-status")).to_have_text(re.compile("^Updated"))
        assert int(watcher.text_content(umar)) == before + 1
        assert "Leeds Central changed its nominations" in watcher.text_content("#nominations-status")
        assert "Umar Siddiqui" in watcher.text_content('#clps-body tr[data-clp="leeds-central"]')
        assert watcher.locator("#nominations-chart g[data-candidate]").count() == 24  # redrawn with every candidate
