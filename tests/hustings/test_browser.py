"""End to end in headless Chromium against a real Daphne serving the demo.

A member asks; the moderator approves; a second member's page shows the question within a
second without reloading; the chair puts it and starts the timer, which runs on both members'
pages. Daphne runs in a subprocess on its own SQLite file loaded with ``load_demo``, so the test
also proves the pages work with the embedded defaults.
"""

import re
import time

import pytest

from tests.servers import chromium, demo_server, signed_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server_url(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("hustings-e2e")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def open_live(page, path):
    from playwright.sync_api import expect

    page.goto(path)
    expect(page.locator('[data-live="connection"]').first).to_have_text(re.compile("Connected"), timeout=5000)


def seconds(text: str) -> int:
    minutes, secs = text.split(":")
    return int(minutes) * 60 + int(secs)


def test_a_question_goes_from_member_to_moderator_to_every_screen_and_the_timer_runs(demo_server_url, browser):
    from playwright.sync_api import expect

    asker, watcher = signed_in(browser, demo_server_url, "member"), signed_in(browser, demo_server_url, "secretary")
    moderator, chair = signed_in(browser, demo_server_url, "moderator"), signed_in(browser, demo_server_url, "hchair")
    chair.goto("/hustings/")
    hustings_path = chair.get_by_role("link", name=re.compile("online members' hustings")).get_attribute("href")
    for page, path in [(asker, ""), (watcher, ""), (moderator, "moderate/"), (chair, "chair/")]:
        open_live(page, hustings_path + path)

    question = f"Will the NEC publish its minutes within a week? ({time.time():.0f})"
    asker.fill("#ask-text", question)
    asker.click("#ask-form button[type=submit]")
    expect(asker.locator("#ask-status")).to_have_text(re.compile("Received"), timeout=5000)
    expect(asker.locator("#mine")).to_contain_text(question)

    item = moderator.locator("#pending li", has_text=question)
    expect(item).to_be_visible(timeout=5000)
    item.get_by_role("button", name="Approve").click()
    started = time.monotonic()
    expect(watcher.locator("#queue")).to_contain_text(question, timeout=1000)  # no reload, within a second
    assert time.monotonic() - started < 1.0

    chair.get_by_role("button", name="Go live").click()
    expect(chair.locator('[data-live="state"]')).to_have_text("Live", timeout=5000)
    chair.locator("#queue li", has_text=question).get_by_role("button", name="Put this question").click()
    for page in (asker, watcher):
        expect(page.locator('[data-live="current-question"]')).to_contain_text(question, timeout=2000)
    chair.get_by_role("button", name=re.compile("^Call ")).click()  # "Call Ayesha Rahman": the next speaker
    timers = [page.locator('[data-live="timer"]') for page in (asker, watcher)]
    for timer in timers:
        expect(timer).to_have_text(re.compile(r"1:2\d|1:30"), timeout=3000)
    first = [seconds(t.inner_text()) for t in timers]
    time.sleep(2.2)
    later = [seconds(t.inner_text()) for t in timers]
    assert all(b < a for a, b in zip(first, later)), (first, later)  # running on both pages
    assert abs(later[0] - later[1]) <= 1  # and showing the same time
    expect(asker.locator('[data-live="speaking"]')).not_to_be_empty()
