"""The hustings consoles in Chromium (issue 13), against the demo under Daphne: each broken
behaviour that was reported, the chair's and moderators' tools, the projector and the video.

Each test gets its own hustings (a copy of the demo's: same section, chair, moderator and
candidates), made in the demo's database, so tests do not depend on one another's state.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.servers import ROOT, chromium, demo_env, demo_server, sign_in

pytestmark = pytest.mark.browser
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WAIT = 10_000  # ms: an upper bound on a busy machine, never a pause

MAKE = """
import json, sys
from hustings.models import Hustings, Question
demo = Hustings.objects.get(title__startswith="NEC 2026 CLP section")
spec = json.loads(sys.argv[-1])
h = Hustings.objects.create(section=demo.section, title=spec["title"], starts_at=demo.starts_at, ends_at=demo.ends_at,
                            chair=demo.chair, state="open", **spec.get("fields", {}))
h.moderators.set(demo.moderators.all()); h.candidates.set(demo.candidates.all())
author = demo.questions.first().author
for text, status, topics in spec.get("questions", []):
    q = Question.objects.create(hustings=h, author=author, text=text, status=status, topics=topics)
    q.askers.add(author)
print(h.pk)
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hustings-consoles")
    with demo_server(folder) as base:
        yield base, folder


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def make_hustings(demo, request):
    """``make_hustings(questions=[(text, status, topics)], **fields)`` -> the new hustings' path."""
    _base, folder = demo

    def make(questions=(), **fields):
        spec = {
            "title": f"Test hustings: {request.node.name.replace('_', ' ')}"[:150],
            "questions": list(questions),
            "fields": fields,
        }
        script = MAKE.replace("sys.argv[-1]", repr(json.dumps(spec)))
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=demo_env(folder),
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return f"/hustings/{int(done.stdout.strip().splitlines()[-1])}/"

    return make


@pytest.fixture
def person(browser, demo):
    base, _folder = demo
    contexts = []

    def open_as(username, width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=base)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def open_live(page, path):
    from playwright.sync_api import expect

    page.goto(path)
    expect(page.locator('[data-live="connection"]').first).to_have_text(re.compile("Connected"), timeout=WAIT)
    return page


def axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return [f"{v['id']}: {v['help']} — {v['nodes'][0]['target']}" for v in results.response["violations"]]


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def go_live_and_put(chair, text):
    from playwright.sync_api import expect

    chair.get_by_role("button", name="Go live").click()
    expect(chair.locator("#state-badge")).to_have_text("Live", timeout=WAIT)
    chair.locator("#queue li", has_text=text).get_by_role("button", name="Put this question").click()
    expect(chair.locator('[data-live="current-question"]')).to_contain_text(text, timeout=WAIT)


Q1, Q2 = "How will you make the NEC transparent?", "What will you do for small CLPs?"


# --- the six reported breakages --------------------------------------------------------------------


def test_putting_a_question_while_candidates_wait_asks_first_and_records_them_as_not_called(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", []), (Q2, "approved", [])])
    chair = open_live(person("hchair"), path + "chair/")
    go_live_and_put(chair, Q1)
    chair.get_by_role("button", name="Call Ayesha Rahman").click()
    expect(chair.locator('[data-live="speaking"]')).to_have_text("Ayesha Rahman", timeout=WAIT)
    put_second = chair.locator("#queue li", has_text=Q2).get_by_role("button", name="Put this question")
    put_second.click()
    confirm = chair.locator("#confirm-put")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Ayesha Rahman is still answering; that answer ends now.")
    expect(confirm).to_contain_text("Ben Okafor, Grace Whitfield, Megan Evans and Samuel Adeyemi are still waiting")
    assert chair.locator("#queue li", has_text=Q2).locator("#confirm-put").count() == 1  # beside the button used
    chair.get_by_role("button", name="Keep the current question").click()
    expect(confirm).to_be_hidden()
    expect(chair.locator('[data-live="current-question"]')).to_contain_text(Q1)  # nothing changed
    put_second.click()
    chair.get_by_role("button", name="Put it now").click()
    expect(chair.locator('[data-live="current-question"]')).to_contain_text(Q2, timeout=WAIT)
    record = chair.request.get(path + "transcript.md").text()
    first = record.split("## Question 1")[1].split("## Question 2")[0]
    assert "| 1 | Ayesha Rahman | Answered |" in first
    assert "| 2 | Ben Okafor | Not called (question closed first) |" in first
    assert "Waiting" not in first  # the second question, just put, is the one waiting now


def test_candidates_in_the_answer_order_are_numbered_once(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", [])])
    chair = open_live(person("hchair"), path + "chair/")
    member = open_live(person("member"), path)
    go_live_and_put(chair, Q1)
    turns = member.locator('[data-live="answers"] li')
    expect(turns).to_have_count(5, timeout=WAIT)
    assert turns.first.inner_text() == "Ayesha Rahman — waiting"
    assert not any(re.match(r"^\s*\d", text) for text in turns.all_inner_texts())  # the <ol> numbers them


def test_the_moderators_queue_shows_the_members_original_wording(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", []), ("Will you tell us more?", "pending", [])])
    moderator = open_live(person("moderator"), path + "moderate/")
    item = moderator.locator("#approved li", has_text=Q1)
    item.locator("summary").click()
    item.get_by_label("Reworded question").fill("How would you make NEC decisions transparent?")
    item.get_by_role("button", name="Save edit").click()
    edited = moderator.locator("#approved li", has_text="How would you make NEC decisions transparent?")
    expect(edited.locator(".original")).to_contain_text("Edited. The member wrote:", timeout=WAIT)
    expect(edited.locator(".original-text")).to_have_text(Q1)
    assert "undefined" not in moderator.locator("main").inner_text()
    moderator.reload()  # the same after a fresh snapshot
    expect(moderator.locator("#approved li .original-text")).to_have_text(Q1, timeout=WAIT)
    assert "undefined" not in moderator.locator("main").inner_text()


def test_the_projector_has_no_site_chrome_and_says_times_up(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", [])], answer_seconds=10)
    chair = open_live(person("hchair"), path + "chair/")
    projector = open_live(person("moderator", 1920, 1080), path + "present/")
    assert projector.locator(".site-header, .site-footer, nav").count() == 0
    expect(projector.locator(".projector-join")).to_contain_text(path)
    go_live_and_put(chair, Q1)
    expect(projector.locator('[data-live="next-speaker"]')).to_have_text("Ayesha Rahman", timeout=WAIT)
    chair.get_by_role("button", name="Call Ayesha Rahman").click()
    expect(projector.locator('[data-live="speaking"]')).to_have_text("Ayesha Rahman", timeout=WAIT)
    expect(projector.locator('[data-live="next-speaker"]')).to_have_text("Ben Okafor")
    timeup = projector.locator('[data-live="timeup"]')
    expect(timeup).to_be_visible(timeout=30_000)  # the 10-second answer runs out
    expect(timeup).to_have_text(re.compile("Time's up"))  # in words, not colour alone
    expect(projector.locator('[data-live="timer"]')).to_have_text("0:00")
    expect(chair.locator('[data-live="timeup"]')).to_be_visible(timeout=WAIT)  # the chair sees it too


def test_a_candidate_who_is_also_a_member_can_neither_ask_nor_vote(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", [])])
    candidate = open_live(person("candidate"), path)  # Ayesha Rahman: a member, and answering here
    expect(candidate.locator("#ask-refusal")).to_have_text(
        "You are a candidate at this hustings: you answer the questions here, so you cannot ask or vote."
    )
    assert candidate.locator("#ask-form").count() == 0
    expect(candidate.locator("#queue li", has_text=Q1)).to_be_visible(timeout=WAIT)
    expect(candidate.locator("#queue button.vote:visible")).to_have_count(0)


def test_vote_buttons_are_disabled_once_the_hustings_ends(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", [])])
    member = open_live(person("member"), path)
    chair = open_live(person("hchair"), path + "chair/")
    vote = member.locator("#queue li", has_text=Q1).locator("button.vote")
    expect(vote).to_be_enabled(timeout=WAIT)
    chair.get_by_role("button", name="End the hustings").click()
    expect(chair.locator("#confirm-end")).to_contain_text("cannot be undone")
    chair.get_by_role("button", name="Yes, end the hustings").click()
    expect(vote).to_be_disabled(timeout=WAIT)
    expect(member.locator("#ask-closed")).to_have_text(
        "This hustings has ended; it no longer takes questions or votes."
    )
    expect(member.locator("#ask-form button[type=submit]")).to_be_disabled()


# --- the chair console ----------------------------------------------------------------------------


def test_the_chair_console_enables_only_the_actions_valid_now(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", []), ("Pending one?", "pending", [])])
    chair = open_live(person("hchair"), path + "chair/")
    expect(chair.locator("#chair-summary")).to_have_text("Members can ask and vote. Go live to put questions.")
    enabled = lambda name: chair.get_by_role("button", name=name, exact=True).is_enabled()  # noqa: E731
    assert (enabled("Open for questions"), enabled("Go live"), enabled("End the hustings")) == (False, True, True)
    assert not any(enabled(n) for n in ["Pause", "Resume", "End this answer", "Finish question", "Skip"])
    expect(chair.locator("#queue li button.put")).to_be_disabled()
    expect(chair.locator("#pending li")).to_contain_text("Pending one?")  # the chair sees what is pending
    go_live_and_put(chair, Q1)
    expect(chair.locator("#chair-summary")).to_have_text("Question 1: Call Ayesha Rahman next · 5 still waiting.")
    assert (enabled("Go live"), enabled("Call Ayesha Rahman"), enabled("Pause"), enabled("Finish question")) == (
        False, True, False, True
    )  # fmt: skip
    chair.get_by_role("button", name="Call Ayesha Rahman").click()
    expect(chair.get_by_role("button", name="Pause", exact=True)).to_be_enabled(timeout=WAIT)
    assert not enabled("Call Ben Okafor") and not enabled("Resume")
    expect(chair.locator("#chair-summary")).to_have_text("Question 1: Ayesha Rahman is speaking · 4 still waiting.")
    expect(chair.locator('[data-live="next-speaker"]')).to_have_text("Ben Okafor")
    assert axe_problems(chair) == []


def test_each_question_starts_with_the_next_candidate_and_fairness_is_shown(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", []), (Q2, "approved", [])])
    chair = open_live(person("hchair"), path + "chair/")
    go_live_and_put(chair, Q1)
    chair.get_by_role("button", name="Finish question").click()
    expect(chair.locator('[data-live="current-question"]')).to_be_hidden(timeout=WAIT)
    chair.locator("#queue li", has_text=Q2).get_by_role("button", name="Put this question").click()
    expect(chair.locator('[data-live="answers"] li').first).to_have_text("Ben Okafor — waiting", timeout=WAIT)
    ayesha = chair.locator("#fairness tr[data-candidate]", has_text="Ayesha Rahman").locator("td")
    expect(ayesha.nth(0)).to_have_text("2")  # questions put to her
    expect(ayesha.nth(2)).to_have_text("1")  # answering first once, Ben the other time


# --- moderation -------------------------------------------------------------------------------------


def test_moderators_filter_merge_by_picking_bulk_approve_and_use_shortcuts(person, make_hustings):
    from playwright.sync_api import expect

    path = make_hustings(questions=[
        ("Will the NEC publish its minutes?", "pending", ["transparency"]),
        ("Will you publish NEC minutes quickly?", "pending", []),
        ("What about rural CLPs?", "pending", ["organising"]),
        ("How will you help disabled members?", "pending", ["accessibility"]),
        (Q1, "approved", ["transparency"]),
    ])  # fmt: skip
    moderator = open_live(person("moderator"), path + "moderate/")
    expect(moderator.locator("#pending > li")).to_have_count(4, timeout=WAIT)
    expect(moderator.locator("#shortcuts")).to_contain_text("approve the question you are on")
    # Filters: by topic, by words, by status.
    moderator.get_by_label("Topic", exact=True).select_option("transparency")
    expect(moderator.locator("#pending > li:visible")).to_have_count(1)
    expect(moderator.locator("#approved > li:visible")).to_have_count(1)
    moderator.get_by_label("Topic", exact=True).select_option("")
    moderator.get_by_label("Show", exact=True).select_option("approved")
    expect(moderator.locator("#pending-section")).to_be_hidden()
    moderator.get_by_label("Show", exact=True).select_option("all")
    # Merge by picking the target from the list, found with a search.
    duplicate = moderator.locator("#pending > li", has_text="Will you publish NEC minutes quickly?")
    duplicate.locator("summary").click()
    duplicate.get_by_label("Find it (words or #number)").fill("minutes")
    targets = duplicate.get_by_label("Question to merge into").locator("option")
    expect(targets).to_have_count(1)
    expect(targets.first).to_contain_text("Will the NEC publish its minutes?")
    duplicate.get_by_label("Question to merge into").select_option(index=0)
    duplicate.get_by_role("button", name="Merge").click()
    expect(moderator.locator("#pending > li")).to_have_count(3, timeout=WAIT)
    # Keyboard: j to the first waiting question, a to approve it.
    moderator.locator("h1").click()
    moderator.keyboard.press("j")
    first = moderator.locator("#pending > li").first
    expect(first).to_be_focused()
    moderator.keyboard.press("a")
    expect(moderator.locator("#pending > li")).to_have_count(2, timeout=WAIT)
    # Bulk: tick all shown, approve them together.
    moderator.get_by_role("button", name="Tick all shown").click()
    moderator.get_by_role("button", name="Approve ticked (2)").click()
    expect(moderator.locator("#pending-empty")).to_have_text("Nothing waiting.", timeout=WAIT)
    expect(moderator.locator("#approved > li")).to_have_count(4)
    assert axe_problems(moderator) == []


# --- the projector at room sizes, and the video stream -------------------------------------------------


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_the_projector_fits_the_screen_and_reads_from_the_back(person, make_hustings, width, height):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", [])])
    chair = open_live(person("hchair"), path + "chair/")
    projector = open_live(person("moderator", width, height), path + "present/")
    go_live_and_put(chair, Q1)
    expect(projector.locator('[data-live="current-question"]')).to_contain_text(Q1, timeout=WAIT)
    size = lambda selector: projector.locator(selector).evaluate("n => parseFloat(getComputedStyle(n).fontSize)")  # noqa: E731
    assert size('[data-live="current-question"]') >= 0.028 * width  # the question: about 54 px at 1920, 36 px at 1280
    assert size(".projector-timer") >= 0.09 * width
    assert size('[data-live="next-speaker"]') >= 0.025 * width
    dims = projector.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert dims == [width, height]  # everything on one screen: no scrolling
    assert axe_problems(projector) == []


def test_the_organisers_video_stream_is_embedded_beside_the_questions(person, make_hustings, demo):
    from playwright.sync_api import expect

    path = make_hustings(questions=[(Q1, "approved", [])])
    chair = person("hchair")
    chair.goto(path + "settings/")
    chair.get_by_label("Live video stream (optional)").fill("https://evil.example/live")
    chair.get_by_role("button", name="Save settings").click()
    expect(chair.locator("#video-error")).to_contain_text("evil.example is not one of them")  # beside the field
    chair.get_by_label("Live video stream (optional)").fill("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    chair.get_by_role("button", name="Save settings").click()
    chair.wait_for_url(re.compile(r".*/chair/$"))
    for width in (1280, 390):
        member = person("member", width)
        response = member.goto(path)
        assert "frame-src https://www.youtube-nocookie.com" in response.headers["content-security-policy"]
        frame = member.locator(".video iframe")
        assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        box, queue = frame.bounding_box(), member.locator("#current-h").bounding_box()
        if width == 1280:
            assert box["x"] + box["width"] <= queue["x"]  # beside the questions
        assert box["width"] <= width and overflow(member) <= 0
        assert axe_problems(member) == []
