"""In a real browser: the ballot statement's word count updates while typing, and statement pages
fit a phone's width."""

import pytest

from elections import services
from tests import factories
from tests.factories import TEST_PASSWORD
from tests.servers import chromium, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API drives an event loop in this thread; the data is all made beforehand.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as browser:
        yield browser.new_context(viewport={"width": 375, "height": 800}).new_page()


@pytest.fixture
def ayesha_online(live_server):
    section = factories.SectionFactory(
        election=factories.ElectionFactory(slug="nec-2026"), slug="clp-section", statement_word_limit=5
    )
    user = factories.MemberFactory(user__username="ayesha-b").user
    candidate = factories.CandidateFactory(section=section, user=user, display_name="Ayesha Rahman", slug="ayesha")
    return live_server.url, candidate


def test_the_word_count_updates_while_typing(browser_page, ayesha_online):
    base, candidate = ayesha_online
    sign_in(browser_page, "ayesha-b", base=base, password=TEST_PASSWORD)
    browser_page.goto(f"{base}{candidate.get_absolute_url()}statements/ballot/edit/")
    browser_page.fill("#id_body", "I don't want well-run parties")
    assert browser_page.text_content("#word-count") == "5 of 5 words"
    browser_page.fill("#id_body", "- One **two** three, four: five six")
    assert browser_page.text_content("#word-count") == "6 of 5 words: 1 over the limit"


def test_a_candidate_page_fits_a_phone(browser_page, ayesha_online):
    base, candidate = ayesha_online
    services.statement_save(
        candidate=candidate, kind="long-form", user=candidate.user, publish=True,
        body="## Why\n\n" + "A-very-long-unbroken-hyphenated-campaign-word " * 30 + "\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    )  # fmt: skip
    sign_in(browser_page, "ayesha-b", base=base, password=TEST_PASSWORD)
    browser_page.goto(f"{base}{candidate.get_absolute_url()}")
    width = browser_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert browser_page.eval_on_selector_all("h1", "els => els.length") == 1
