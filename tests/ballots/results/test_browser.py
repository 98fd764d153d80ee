"""End to end in headless Chromium against a real Daphne serving the demo: the returning officer
uploads a synthetic election, the count runs in the server's background thread while the sheet
polls, the officer declares, and a member reads the declared sheet."""

import pytest

from elections.demo import DEMO_PASSWORD
from tests.ballots.results.test_counts import synth
from tests.servers import CHROMIUM, CHROMIUM_ARGS, demo_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("results-e2e")
    with demo_server(tmp) as base:
        yield base, tmp


def sign_in(browser, base, username):
    page = browser.new_context(base_url=base).new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")
    return page


def test_a_count_runs_in_the_background_and_the_declared_sheet_reaches_members(server):
    from playwright.sync_api import sync_playwright

    base, tmp = server
    blt = tmp / "nec.blt"
    blt.write_bytes(synth(20000))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ro = sign_in(browser, base, "returning")
        ro.goto("/ballots/results/nec-2026/clp-section/upload/")
        ro.set_input_files("#id_file", str(blt))
        ro.check("input[value=position]")
        ro.click("text=Check and load")
        assert "Loaded 20,000 ballots" in ro.content()
        ro.fill("#id_seed", "1")
        ro.click("text=Run the count")
        ro.wait_for_selector("text=Elected, in order", timeout=20000)  # polled, then reloaded
        assert ro.locator("ol li").count() == 9
        ro.click("text=Declare this count as the result")
        assert "Declared result." in ro.content()
        member = sign_in(browser, base, "member")
        member.goto("/ballots/results/")
        member.click("text=NEC 2026 — CLP section")
        assert "Declared result." in member.content()
        assert member.locator("svg.chart title#chart-title").count() == 1
        browser.close()
