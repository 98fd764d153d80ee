"""Console pages and messages: the settings page, the video stream under the page's CSP, and the
websocket refusals of the new messages (bulk approve, confirmed put)."""

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError

from hustings import permissions, services
from hustings.models import Hustings, Question
from hustings.video import embed_address, frame_origin, validate_video_url
from tests.factories import MemberFactory
from tests.livepages import Page, app


def csp(response) -> dict:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ") if part}


# --- the video stream ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pasted, stored",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/abcdEFGH123", "https://www.youtube-nocookie.com/embed/abcdEFGH123"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
    ],
)
def test_pasted_page_addresses_become_embed_addresses(pasted, stored):
    assert embed_address(pasted) == stored


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://player.vimeo.com/video/1", "The video address must start with https://."),
        ("https://evil.example/embed/1", "Video can be embedded only from these hosts: www.youtube-nocookie.com, "
         "www.youtube.com, player.vimeo.com. evil.example is not one of them."),
        ("https://user@player.vimeo.com/video/1", "The video address must be a plain https:// address, with no user name or port."),
        ("https://player.vimeo.com:8443/video/1", "The video address must be a plain https:// address, with no user name or port."),
    ],
)  # fmt: skip
def test_only_https_addresses_on_an_allowed_host_are_accepted(url, message):
    with pytest.raises(ValidationError) as refused:
        validate_video_url(url)
    assert refused.value.messages == [message]


def test_a_peertube_host_is_allowed_by_adding_it_to_the_settings(settings):
    settings.HUSTINGS_VIDEO_HOSTS = ["tube.example.org"]
    validate_video_url("https://tube.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d")
    assert frame_origin("https://tube.example.org/videos/embed/x") == "https://tube.example.org"
    assert frame_origin("https://player.vimeo.com/video/1") is None  # no longer allowed: nothing framed


def test_the_audience_page_frames_only_the_hustings_stream(client_for, hustings, alice):
    page = client_for(alice).get(f"/hustings/{hustings.pk}/")
    assert "frame-src" not in csp(page) and b"<iframe" not in page.content
    Hustings.objects.filter(pk=hustings.pk).update(video_url="https://player.vimeo.com/video/76979871")
    page = client_for(alice).get(f"/hustings/{hustings.pk}/")
    assert csp(page)["frame-src"] == ["https://player.vimeo.com"]
    assert b'<iframe src="https://player.vimeo.com/video/76979871"' in page.content
    assert csp(page)["default-src"] == ["'self'"]  # the rest of the policy unchanged


# --- the settings page ---------------------------------------------------------------------------


def settings_form(**changes):
    return {"answer_seconds": "75", "candidate_order": "fixed", "video_url": "", **changes}


def test_the_chair_saves_the_settings(client_for, hustings, hannah):
    client = client_for(hannah)
    assert client.get(f"/hustings/{hustings.pk}/settings/").status_code == 200
    video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    response = client.post(f"/hustings/{hustings.pk}/settings/", settings_form(video_url=video))
    assert response.status_code == 302 and response.url == f"/hustings/{hustings.pk}/chair/"
    hustings.refresh_from_db()
    assert (hustings.answer_seconds, hustings.candidate_order) == (75, "fixed")
    assert hustings.video_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def test_a_video_from_elsewhere_is_refused_beside_its_field_and_nothing_is_saved(client_for, hustings, hannah):
    response = client_for(hannah).post(
        f"/hustings/{hustings.pk}/settings/", settings_form(video_url="https://evil.example/x")
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["video_url"] == [
        "Video can be embedded only from these hosts: www.youtube-nocookie.com, www.youtube.com, player.vimeo.com. "
        "evil.example is not one of them."
    ]
    hustings.refresh_from_db()
    assert (hustings.answer_seconds, hustings.candidate_order, hustings.video_url) == (60, "rotate", "")


@pytest.mark.parametrize("seconds", ["9", "1801", "-1", "99999999999999999999"])
def test_the_time_per_answer_is_bounded(client_for, hustings, hannah, seconds):
    response = client_for(hannah).post(f"/hustings/{hustings.pk}/settings/", settings_form(answer_seconds=seconds))
    assert response.status_code == 422 and "answer_seconds" in response.context["form"].errors


@pytest.mark.parametrize("who", ["mo", "alice", "nobody"])
def test_only_the_chair_or_a_returning_officer_changes_the_settings(client_for, hustings, request, who):
    client = client_for(request.getfixturevalue(who))
    url = f"/hustings/{hustings.pk}/settings/"
    assert client.get(url).status_code == 403
    assert client.post(url, settings_form()).status_code == 403
    hustings.refresh_from_db()
    assert hustings.candidate_order == "rotate"


def test_a_returning_officer_may_change_the_settings(client_for, hustings, rita):
    assert client_for(rita).post(f"/hustings/{hustings.pk}/settings/", settings_form()).status_code == 302


def test_the_projector_has_no_site_chrome_and_says_how_to_join(client_for, hustings, mo):
    page = client_for(mo).get(f"/hustings/{hustings.pk}/present/")
    html = page.content.decode()
    assert 'class="site-header"' not in html and 'class="site-footer"' not in html
    assert f"http://testserver/hustings/{hustings.pk}/" in html and 'data-live="timeup"' in html


def test_a_candidate_who_is_a_member_gets_no_ask_form(client_for, hustings, hackney):
    cara = hustings.candidates.get(slug="cara").user
    MemberFactory(user=cara, clp=hackney)
    html = client_for(cara).get(f"/hustings/{hustings.pk}/").content.decode()
    assert 'id="ask-form"' not in html and permissions.CANDIDATE_REFUSAL in html


# --- websocket refusals of the new messages ------------------------------------------------------


async def connect(user, hustings):
    page = await Page(app(), f"/ws/hustings/{hustings.pk}/", user=user).open()
    await page.welcome()
    return page


@pytest.mark.django_db(transaction=True)
async def test_bulk_approve_over_the_websocket_is_for_moderators(hustings, mo, alice, ask):
    question = await database_sync_to_async(ask)(alice, "Will you?")
    member = await connect(alice, hustings)
    reply = await member.reply({"type": "questions.approve", "ids": [question.pk]})
    assert reply == {"type": "error", "error": "unknown or not permitted message type 'questions.approve'", "ref": "r1"}
    moderator = await connect(mo, hustings)
    reply = await moderator.reply({"type": "questions.approve", "ids": [question.pk]})
    assert reply["type"] == "ack" and reply["approved"] == [question.pk]
    reply = await moderator.reply({"type": "questions.approve", "ids": [question.pk]}, ref="r2")
    assert (
        reply["error"]
        == f"Question {question.pk} is approved, so nothing was approved: untick it and approve the others."
    )
    await member.close()
    await moderator.close()


@pytest.mark.django_db(transaction=True)
async def test_putting_over_waiting_candidates_needs_the_chairs_confirmation(
    hustings, hannah, mo, alice, ask, settings
):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 50
    first = await database_sync_to_async(lambda: services.question_approve(actor=mo, question=ask(alice, "one?")))()
    second = await database_sync_to_async(lambda: services.question_approve(actor=mo, question=ask(alice, "two?")))()
    moderator, chair = await connect(mo, hustings), await connect(hannah, hustings)
    assert (await chair.reply({"type": "hustings.state", "state": "live"}))["type"] == "ack"
    assert (await chair.reply({"type": "question.put", "id": first.pk}, ref="p1"))["type"] == "ack"
    reply = await chair.reply({"type": "question.put", "id": second.pk}, ref="p2")
    assert reply["error"].startswith("3 candidates have still to answer the current question")
    reply = await moderator.reply({"type": "question.put", "id": second.pk, "replace": True}, ref="p3")
    assert reply["error"] == "unknown or not permitted message type 'question.put'"
    assert (await chair.reply({"type": "question.put", "id": second.pk, "replace": True}, ref="p4"))["type"] == "ack"
    current = await chair.got(lambda m: m["type"] == "current" and m["current"]["question"]["id"] == second.pk)
    assert current["current"]["next"]["name"] == "Ben Okafor"  # rotated: Ben answers first on the second question
    assert [r["questions"] for r in current["fairness"]] == [2, 2, 2]
    statuses = await database_sync_to_async(lambda: list(first.answers.values_list("status", flat=True)))()
    assert statuses == ["not_called"] * 3
    await moderator.close()
    await chair.close()


@pytest.mark.django_db(transaction=True)
async def test_a_candidate_who_is_a_member_cannot_ask_over_the_websocket(hustings, hackney):
    cara = await database_sync_to_async(lambda: hustings.candidates.get(slug="cara").user)()
    await database_sync_to_async(MemberFactory)(user=cara, clp=hackney)
    page = await connect(cara, hustings)
    welcome = next(m for m in page.seen if m["type"] == "welcome")
    assert welcome["role"] == "candidate"
    reply = await page.reply({"type": "question.submit", "text": "Me?", "key": "k1"})
    assert reply["error"] == "unknown or not permitted message type 'question.submit'"
    assert not await database_sync_to_async(Question.objects.exists)()
    await page.close()


def test_saving_a_hustings_anywhere_checks_its_video_address(hustings):
    """The admin saves through ``full_clean`` too: the address is checked and put in embed form."""
    hustings.video_url = "https://youtu.be/dQw4w9WgXcQ"
    hustings.full_clean()
    assert hustings.video_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    hustings.video_url = "https://evil.example/embed/1"
    with pytest.raises(ValidationError) as refused:
        hustings.full_clean()
    assert "evil.example is not one of them" in refused.value.message_dict["video_url"][0]
