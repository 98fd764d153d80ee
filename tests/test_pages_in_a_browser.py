"""Every page, as every role sees it, in Chromium at 1280 and 390 px: an automated WCAG 2.2 AA
check (axe-core, shipped offline by axe-playwright-python) finds nothing, and nothing overflows
the screen sideways.

A crawler per role: it starts from that role's pages, follows every link on the site that a
person would click (no downloads, no sign-out, nothing under /api/), and visits each kind of page
once (URLs that differ only by a candidate, hustings or count are one kind). In the Django admin
that is every list, every add page and one change page per model, and one history page, one
delete confirmation and one password form (links are only followed, so nothing is ever submitted).
Runs the demo under Daphne with its own SQLite file and media folder, so the pages are the demo's
real ones.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urljoin, urlsplit

import pytest

from tests import servers

WIDTHS = (1280, 390)
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_PAGES_PER_ROLE = 40
MAX_ADMIN_PAGES = 120  # ~40 models, each with a list, most with a change page, some with an add page

# Where each role starts; the crawler finds the rest by following links.
SEEDS = {
    None: ["/", "/accounts/login/"],
    "member": [
        "/",
        "/hustings/",
        "/ballots/results/",
        "/elections/nec-2026/clp-section/compare/?c=ayesha-rahman&c=ben-okafor",
        "/ballots/results/nec-2026/clp-section/",
    ],
    "candidate": [
        "/",
        "/elections/nec-2026/clp-section/candidates/ayesha-rahman/",
        "/elections/nec-2026/clp-section/candidates/ayesha-rahman/statements/long-form/diff/?from=1&to=2",
    ],
    "secretary": ["/", "/clps/hackney/office/"],
    "returning": ["/", "/elections/nec-2026/manage/"],
    "hchair": ["/", "/hustings/"],
    "moderator": ["/hustings/"],
    "staff": ["/ballots/results/audit/"],  # the admin is crawled by itself (test_every_admin_page_...)
}
# Never followed: files and the API (not pages), signing out, and the admin's "view on site" links
# (redirects to the site's own pages, which the roles crawl). Nothing else changes data on a GET.
SKIP = re.compile(
    r"^/(api|static|media)/|/accounts/logout/|\.(csv|json|txt|md|blt|png|jpg)$|/ballots$|^/admin/(logout|r)/"
)
# One visit per kind of page: the same page for another candidate, slate, hustings or count is the same
# kind; in the admin, a change page per model, and one history, delete confirmation and password form.
SHAPES = [
    (re.compile(r"^/admin/(\w+)/(\w+)/[^/]+/change/$"), r"/admin/\1/\2/*/change/"),
    (re.compile(r"^/admin/\w+/\w+/[^/]+/(history|delete|password)/$"), r"/admin/*/\1/"),
    (re.compile(r"^/admin/(?!password_change/)\w+/$"), "/admin/*/"),  # an app's list of models
    (re.compile(r"/candidates/[^/]+/"), "/candidates/*/"),
    (re.compile(r"/slates/[^/]+/"), "/slates/*/"),
    (re.compile(r"/(hustings|counts|ballot-sets|returns)/\d+/"), r"/\1/*/"),
    (re.compile(r"/clps/[^/]+/nominations/"), "/clps/*/nominations/"),
    (re.compile(r"/ballots/results/[^/]+/[^/]+/$"), "/ballots/results/*/*/"),
]


def shape(path: str) -> str:
    for pattern, replacement in SHAPES:
        path = pattern.sub(replacement, path)
    return path


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    with servers.demo_server(tmp_path_factory.mktemp("every-page"), NEC_SKIP_STARTUP_CHECKS="1") as base:
        yield base


def links_on(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urlsplit(urljoin(page.url, href))
        if f"{url.scheme}://{url.netloc}" != base or SKIP.search(url.path):
            continue
        found.append(url.path + (f"?{url.query}" if url.query and re.search("/compare/|/diff/", url.path) else ""))
    return found


def check_page(page, axe) -> list[str]:
    """Problems on the page as it is now, at each width: axe violations and sideways overflow."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_function("w => window.innerWidth === w", arg=width)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{width} px: {overflow} px wider than the screen")
        # Only violations come back in full: passes and the rest are not sent back from the page (faster).
        only = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
        results = axe.run(page, options=only)
        for v in results.response["violations"]:
            targets = "; ".join(", ".join(n["target"]) for n in v["nodes"][:3])
            problems.append(f"{width} px: {v['id']} ({v['impact']}): {v['help']} — {targets}")
    return problems


def crawl(browser, base: str, role: str | None, seeds=None, admin=False, limit=MAX_PAGES_PER_ROLE) -> dict:
    """{path: problems} for every kind of page this role can reach: in the site, or in the admin."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    if role is not None:
        servers.sign_in(page, role, base=base)
    queue, seen, report = list(seeds or SEEDS[role]), set(), {}
    while queue and len(report) < limit:
        path = queue.pop(0)
        if shape(path.split("?")[0]) in seen:
            continue
        seen.add(shape(path.split("?")[0]))
        response = page.goto(base + path)
        if response is None or (response.status >= 400 and response.status not in (403, 404)):
            report[path] = [f"answered {response.status if response else 'nothing'}"]
            continue
        if urlsplit(page.url).path != path.split("?")[0] and shape(urlsplit(page.url).path) in seen:
            continue  # redirected to a page already checked
        report[path] = check_page(page, axe)
        links = [link for link in links_on(page, base) if link.startswith("/admin/") == admin]
        queue += [link for link in links if shape(link) not in seen]
    context.close()
    return report


@pytest.fixture(scope="module")
def browser():
    with servers.chromium() as chromium:
        yield chromium


@pytest.mark.browser
@pytest.mark.parametrize("role", list(SEEDS), ids=[r or "visitor" for r in SEEDS])
def test_every_page_passes_the_wcag_check_and_fits_the_screen(demo_server, browser, role):
    report = crawl(browser, demo_server, role)
    assert len(report) >= len(SEEDS[role]), report
    failures = {path: problems for path, problems in report.items() if problems}
    assert failures == {}, "\n".join(f"{path}\n  " + "\n  ".join(p) for path, p in failures.items())


@pytest.mark.browser
def test_every_admin_page_passes_the_wcag_check_and_fits_the_screen(demo_server, browser):
    """As the demo's staff user (a superuser): every list, add page, and change page per model."""
    report = crawl(browser, demo_server, "staff", seeds=["/admin/"], admin=True, limit=MAX_ADMIN_PAGES)
    failures = {path: problems for path, problems in report.items() if problems}
    assert failures == {}, "\n".join(f"{path}\n  " + "\n  ".join(p) for path, p in failures.items())
    assert len(report) < MAX_ADMIN_PAGES, "the crawl stopped at its limit: some admin pages were not checked"
    visited = {shape(path) for path in report}
    assert admin_lists_and_add_pages() - visited == set()
    assert {"/admin/*/history/", "/admin/*/delete/", "/admin/*/password/", "/admin/password_change/"} <= visited
    changes = {path for path in visited if path.endswith("/*/change/")}
    assert {"/admin/elections/section/*/change/", "/admin/hustings/hustings/*/change/"} <= changes
    assert len(changes) >= 25, changes  # every model the demo has a record of (32 of 42 today)


def admin_lists_and_add_pages() -> set[str]:
    """Every registered model's list in the admin, and its add page where a superuser may add one."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    pages = set()
    for model, model_admin in admin.site._registry.items():
        changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages |= {changelist, changelist + "add/"} if model_admin.has_add_permission(request) else {changelist}
    return pages


# --- What was broken, seen as a person sees it -------------------------------------------------

CLP = "/ballots/nec-2026/clp-section"
DMR = "/ballots/nec-2026/disabled-members-rep"


@pytest.fixture
def person(browser, demo_server):
    contexts = []

    def open_as(username):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=demo_server)
        contexts.append(context)
        page = context.new_page()
        servers.sign_in(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_section_settings_save_first_time_with_the_dates_as_shown(person):
    page = person("returning")
    page.goto("/elections/nec-2026/clp-section/settings/")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.input_value("#id_freeze_date"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", page.input_value("#id_ballot_opens"))
    page.click("main button[type=submit]")
    page.wait_for_url("**/elections/nec-2026/manage/")
    assert "Settings for CLP section saved." in page.text_content(".messages")
    # The nomination window is set with the nomination rules (results engineer's change).
    page.goto(f"{CLP}/nominations/rules/")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", page.input_value("#id_nomination_opens"))


@pytest.mark.browser
def test_a_nomination_correction_saves_first_time_with_the_meeting_date_kept(person):
    page = person("secretary2")
    page.goto(f"{CLP}/clps/leeds-central/nominations/")
    page.check("label:has-text('Ben Okafor') input")
    page.check("label:has-text('Ayesha Rahman') input")
    page.fill("#id_meeting_date", time.strftime("%Y-%m-%d"))
    page.select_option("#id_method", "stv")
    page.click("button:has-text('Submit the nominations')")
    assert "nominations for CLP section are recorded" in page.text_content(".messages")
    assert page.input_value("#id_meeting_date") == time.strftime("%Y-%m-%d"), "the saved date is shown"
    page.uncheck("label:has-text('Ben Okafor') input")
    page.fill("#id_reason", "Ben Okafor was not nominated: entered by mistake.")
    page.click("button:has-text('Record the correction')")
    assert "nominations for CLP section are recorded" in page.text_content(".messages")
    assert "Ben Okafor" not in page.text_content("main ul")


@pytest.mark.browser
def test_the_nominations_form_counts_choices_as_they_are_ticked(person):
    page = person("secretary")
    page.goto(f"{CLP}/clps/hackney/nominations/")
    counter = page.locator("#nomination-counter")
    assert counter.text_content() == "0 of 9 chosen"
    page.check("label:has-text('Ben Okafor') input")
    page.check("label:has-text('Daniel Price') input")
    assert counter.text_content() == "2 of 9 chosen"


@pytest.mark.browser
def test_a_closed_nominations_form_is_disabled_and_says_why(person):
    page = person("secretary")
    page.goto(f"{DMR}/clps/hackney/nominations/")
    assert "Nominations for Disabled members' representative closed at" in page.text_content("#closed-reason")
    assert page.is_disabled("button:has-text('Submit the nominations')")
    assert page.is_disabled("label:has-text('Alex Morgan') input")
    assert "1 candidate" in page.text_content(".facts") and "1 candidates" not in page.text_content("main")


@pytest.mark.browser
def test_the_candidate_list_shows_the_words_of_each_statement_not_its_markdown(person):
    page = person("member")
    page.goto("/elections/nec-2026/clp-section/")
    cells = page.locator('td[data-label="Ballot statement"]').all_text_contents()
    assert len(cells) >= 20
    assert not [c for c in cells if "##" in c or "**" in c]
    page.goto("/elections/nec-2026/")
    assert "1 seat," in page.text_content("main") and "1 seats" not in page.text_content("main")


@pytest.mark.browser
def test_code_in_a_statement_shows_as_typed_and_styles_never_show(person):
    page = person("candidate")
    page.goto("/elections/nec-2026/clp-section/candidates/ayesha-rahman/statements/long-form/edit/")
    page.fill(
        "#id_body", "Never paste `<img src=x>`.\n\n```\n<b>bold?</b>\n```\n\n<style>body{display:none}</style>Done."
    )
    page.click("button:has-text('Preview')")
    preview = page.locator(".preview .statement")
    assert preview.locator("code").first.text_content() == "<img src=x>"
    assert preview.locator("pre code").text_content().strip() == "<b>bold?</b>"
    assert "display:none" not in preview.text_content() and "Done." in preview.text_content()
    assert "Members will not see HTML (<style>)." in page.text_content("#removed-notice")


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_result_sheets_chart_text_is_at_least_12_px_on_screen(person, width):
    page = person("member")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/ballots/results/")
    page.click(".result-cards h3 a")
    sizes = page.eval_on_selector_all(
        "svg.chart text",
        "els => els.filter(e => e.getClientRects().length && !e.classList.contains('cut'))"
        ".map(e => e.getScreenCTM().a * parseFloat(getComputedStyle(e).fontSize))",
    )
    assert sizes and min(sizes) >= 12, sizes


@pytest.mark.browser
def test_the_admins_user_pickers_are_named_and_work_by_keyboard(person):
    from playwright.sync_api import expect

    page = person("staff")
    page.goto("/admin/hustings/hustings/1/change/")
    chair = page.get_by_role("combobox", name=re.compile(r"^Chair:"))
    chair.focus()
    page.keyboard.press("Enter")  # opens the picker, its search box focused
    expect(page.get_by_role("searchbox", name="Chair:")).to_be_focused()
    page.keyboard.type("Rita")
    expect(page.get_by_role("listbox", name="Chair:").get_by_role("option", name="returning")).to_be_visible()
    page.keyboard.press("Enter")
    expect(chair).to_be_focused()
    expect(chair).to_have_accessible_name(re.compile(r"^Chair:.*returning"))
    assert page.eval_on_selector("#id_chair", "s => s.selectedOptions[0].text") == "returning"

    moderators = page.get_by_role("searchbox", name="Moderators:")
    chosen = "s => [...s.selectedOptions].map(o => o.text)"
    assert "secretary2" not in page.eval_on_selector("#id_moderators", chosen)
    moderators.focus()
    page.keyboard.type("Sunita")
    expect(page.get_by_role("listbox", name="Moderators:").get_by_role("option", name="secretary2")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#id_moderators + .select2 .select2-selection__choice[title=secretary2]")).to_be_visible()
    assert "secretary2" in page.eval_on_selector("#id_moderators", chosen)


@pytest.mark.browser
def test_each_part_of_an_admin_date_and_time_and_each_inline_input_has_a_name(person):
    from playwright.sync_api import expect

    page = person("staff")
    page.goto("/admin/elections/section/1/change/")
    for name in ("Ballot opens: date", "Ballot opens: time", "Ballot closes: date", "Ballot closes: time"):
        expect(page.get_by_role("textbox", name=name, exact=True)).to_be_visible()
    page.goto("/admin/elections/slate/1/change/")
    expect(page.get_by_role("spinbutton", name="Endorsement 1: Position", exact=True)).to_be_visible()
    expect(page.get_by_role("checkbox", name="Endorsement 1: Delete", exact=True)).to_be_visible()


@pytest.mark.browser
def test_the_admin_in_the_dark_theme_passes_the_wcag_check(browser, demo_server):
    """A system set to dark gives the admin its dark theme: the brand's link colours must read on it."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, color_scheme="dark")
    page = context.new_page()
    servers.sign_in(page, "staff", base=demo_server)
    axe, report = Axe(), {}
    for path in ("/admin/", "/admin/elections/candidate/", "/admin/elections/section/1/change/"):
        page.goto(demo_server + path)
        report[path] = check_page(page, axe)
    context.close()
    assert {path: problems for path, problems in report.items() if problems} == {}
