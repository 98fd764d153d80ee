"""In Chromium, against the demo under Daphne: every kind of page, for every role, runs under the
Content-Security-Policy without a single violation (scripts, styles, websockets, forms), and the
pages' own scripts still work (the live pages connect; the error summary takes focus)."""

import re

import pytest

from tests.servers import chromium, demo_server, sign_in

pytestmark = pytest.mark.browser

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""

PAGES = {
    "member": [
        "/",
        "/elections/nec-2026/",
        "/elections/nec-2026/clp-section/",
        "/elections/nec-2026/clp-section/candidates/ayesha-rahman/",
        "/elections/nec-2026/clp-section/compare/?c=ayesha-rahman&c=ben-okafor",
        "/ballots/nec-2026/clp-section/nominations/",
        "/hustings/",
        "/ballots/results/",
    ],
    "candidate": [
        "/elections/nec-2026/clp-section/candidates/ayesha-rahman/statements/ballot/edit/",
        "/elections/nec-2026/clp-section/candidates/ayesha-rahman/statements/long-form/history/",
        "/elections/nec-2026/clp-section/candidates/ayesha-rahman/profile/",
    ],
    "secretary": ["/clps/hackney/office/", "/ballots/nec-2026/clp-section/clps/hackney/nominations/"],
    "returning": [
        "/elections/nec-2026/manage/",
        "/elections/nec-2026/clp-section/settings/",
        "/elections/nec-2026/clp-section/statements/lock/",
        "/ballots/nec-2026/clp-section/nominations/trail/",
        "/ballots/nec-2026/clp-section/nominations/rules/",
        "/ballots/nec-2026/clp-section/nominations/import/",
        "/ballots/results/nec-2026/clp-section/upload/",
        "/ballots/results/nec-2026/disabled-members-rep/",
    ],
    "staff": ["/admin/", "/admin/elections/candidate/", "/ballots/results/audit/"],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("csp-e2e")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def page_for(browser, site, username, width=1280):
    context = browser.new_context(base_url=site, viewport={"width": width, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console = []
    page.on("console", lambda m: page.console.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, username)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__violations") + page.console


@pytest.mark.parametrize("role", sorted(PAGES))
def test_no_page_violates_the_policy(browser, site, role):
    page = page_for(browser, site, role)
    seen = {}
    for path in PAGES[role]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        seen[path] = violations(page)
    assert {path: found for path, found in seen.items() if found} == {}


def test_the_live_pages_connect_under_the_policy(browser, site):
    from playwright.sync_api import expect

    member = page_for(browser, site, "member")
    member.goto("/ballots/nec-2026/clp-section/nominations/")
    # expect(), not wait_for_function(): Playwright evaluates those strings, which the policy forbids.
    expect(member.locator("#nominations-status")).to_have_text(re.compile("^Live"), timeout=10000)
    member.goto("/hustings/")
    audience = member.get_by_role("link", name=re.compile("online members' hustings")).get_attribute("href")
    for path in (audience, audience + "present/"):
        member.goto(path)
        expect(member.locator('[data-live="connection"]').first).to_have_text(re.compile("Connected"), timeout=10000)
        assert violations(member) == []
    chair = page_for(browser, site, "hchair")
    chair.goto(audience + "chair/")
    expect(chair.locator('[data-live="connection"]').first).to_have_text(re.compile("Connected"), timeout=10000)
    assert violations(chair) == []


def test_a_refused_nomination_form_focuses_its_error_summary(browser, site):
    from playwright.sync_api import expect

    page = page_for(browser, site, "secretary")
    page.goto("/ballots/nec-2026/clp-section/clps/hackney/nominations/")
    page.click("button:has-text('Submit the nominations')")
    expect(page.locator("#error-summary")).to_be_focused()
    assert violations(page) == []
