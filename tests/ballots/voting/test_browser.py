"""In Chromium: a member casts a ranked ballot with the keyboard alone, each page passes axe-core,
and the returning officer's open page shows the turnout rise live.

Runs the demo under Daphne in a subprocess with its own SQLite file (the pages and the websocket
need a real server), so it needs no test database. The demo's Treasurer ballot is open.
"""

import re
import sqlite3
from pathlib import Path

import pytest

from elections.demo import DEMO_PASSWORD
from tests import servers

TAB_LIMIT = 80  # a page with more stops than this before the control is itself a finding


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("voting-e2e")
    with servers.demo_server(folder, NEC_SKIP_STARTUP_CHECKS="1") as base:
        yield Server(base, folder / "demo.sqlite3")


class Server(str):
    """The demo server's address (use it as a string), and where its SQLite database is."""

    def __new__(cls, base: str, db: Path):
        made = super().__new__(cls, base)
        made.db = db
        return made


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def sign_in_by_keyboard(browser, base, username):
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{base}/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    tab_to(page, "#id_password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))
    return page


def no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
def test_a_member_votes_by_keyboard_alone_and_the_turnout_moves_live(server):
    with servers.chromium() as browser:
        officer = browser.new_context().new_page()
        servers.sign_in(officer, "returning", base=server)

        member = sign_in_by_keyboard(browser, server, "member")
        member.goto(f"{server}/voting/")
        link = member.get_by_role("link", name="NEC 2026 Treasurer")
        ballot_url = server + link.get_attribute("href")
        officer.goto(ballot_url + "manage/")
        before = int(officer.text_content("[data-live=turnout]").replace(",", ""))

        member.goto(ballot_url)
        no_axe_violations(member)
        names = [n.strip() for n in member.locator("form.paper label.name").all_text_contents()]
        tab_to(member, "select[name^='rank-']")  # the first candidate on this voter's list
        member.keyboard.press("2")
        tab_to(member, f"select[name^='rank-']:not(#{member.evaluate('document.activeElement.id')})")
        member.keyboard.press("1")
        assert "Your order so far: 1 " + names[1] + ", 2 " + names[0] + "." == member.text_content("#order-summary")
        tab_to(member, "form.paper button[type=submit]")
        member.keyboard.press("Enter")

        member.wait_for_selector("text=Check your vote")
        no_axe_violations(member)
        assert member.locator("ol.chosen li").all_text_contents() == [
            f"Preference 1: {names[1]}",
            f"Preference 2: {names[0]}",
        ]
        tab_to(member, "button.cast")
        member.keyboard.press("Enter")

        member.wait_for_selector("text=Your vote has been cast")
        no_axe_violations(member)
        assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", member.text_content("#receipt-code"))
        officer.wait_for_function(f"document.querySelector('[data-live=turnout]').textContent === '{before + 1}'")
        no_axe_violations(officer)


PAGES = {  # who looks, and where (the demo's ballots: a CLP ballot recorded, Youth declared, Treasurer open)
    "secretary3": ["/voting/", "{clp}", "{clp}papers/", "{clp}result/", "{clp}manage/", "{clp_new}"],
    "returning": ["{treasurer}manage/", "{treasurer}close/", "{youth}", "{youth}manage/",
                  "/voting/section/nec-2026/youth-rep/electorate/", "/voting/section/nec-2026/clp-section/new/"],
    "member": ["{treasurer}papers/", "{youth}"],
    "": ["{clp}meeting/"],  # the shared device at a meeting: nobody signed in
}  # fmt: skip


def demo_ballots(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        clp_id, clp_slug = conn.execute(
            "SELECT b.id, c.slug FROM ballots_onlineballot b JOIN elections_clp c ON c.id = b.clp_id WHERE b.kind = 'clp'"
        ).fetchone()
        sections = dict(conn.execute("SELECT title, id FROM ballots_onlineballot WHERE kind = 'section'").fetchall())
    found = {key: next(f"/voting/{i}/" for t, i in sections.items() if part in t)
             for key, part in {"youth": "Youth representative", "treasurer": "NEC 2026 Treasurer"}.items()}  # fmt: skip
    return {**found, "clp": f"/voting/{clp_id}/", "clp_new": f"/voting/clp/{clp_slug}/nec-2026/clp-section/new/"}


@pytest.mark.browser
def test_every_voting_page_passes_axe_at_phone_and_desktop_widths(server):
    ballots = demo_ballots(server.db)
    with servers.chromium() as browser:
        for width in (390, 1280):
            for username, paths in PAGES.items():
                page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                if username:
                    servers.sign_in(page, username, base=server)
                for path in paths:
                    response = page.goto(server + path.format(**ballots))
                    assert response.status in {200, 409}, (path, response.status)
                    fits_and_passes_axe(page, width)
            meeting_pages(browser, server, width)


def fits_and_passes_axe(page, width) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (page.url, width)
    no_axe_violations(page)


def meeting_pages(browser, server, width) -> None:
    """Leeds Central's secretary opens a ballot held online and at the meeting, gives out a code, and
    the member votes with it on a shared device: every page on the way passes axe."""
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    servers.sign_in(page, "secretary2", base=server)
    page.goto(f"{server}/voting/clp/leeds-central/nec-2026/clp-section/new/")
    page.fill("#id_places", "1")
    page.check("input[name=mode][value=both]")
    page.fill(
        "#id_closes_at",
        page.evaluate(
            "new Date(Date.now() + 3 * 3600e3 - new Date().getTimezoneOffset() * 60e3).toISOString().slice(0, 16)"
        ),
    )
    page.click("button:has-text('Check the ballot')")
    fits_and_passes_axe(page, width)
    page.click("button:has-text('Yes, open the ballot')")
    fits_and_passes_axe(page, width)  # the running page, with both membership-number forms
    page.fill("#code_membership_number", "L100005")  # Sunita, the demo's Leeds Central member
    page.click("button:has-text('Give out a voting code')")
    fits_and_passes_axe(page, width)
    code = page.text_content("p.code").strip()
    booth = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    booth.goto(page.url.replace("codes/", "meeting/"))
    fits_and_passes_axe(booth, width)
    booth.fill("#id_code", code)
    booth.click("button:has-text('Show my ballot paper')")
    fits_and_passes_axe(booth, width)
    booth.locator("select[name^=rank-]").first.select_option("1")
    booth.click("button:has-text('Review my vote')")
    fits_and_passes_axe(booth, width)
    booth.click("button:has-text('Cast my vote')")
    fits_and_passes_axe(booth, width)
    page.goto(page.url.replace("codes/", "close/"))
    page.click("button:has-text('Yes, close the ballot')")
    page.goto(page.url.replace("manage/", "record/"))
    fits_and_passes_axe(page, width)
    page.click("button:has-text('Yes, record the nominations')")
    fits_and_passes_axe(page, width)
