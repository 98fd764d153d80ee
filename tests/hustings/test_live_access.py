"""Hustings live privileges follow the person: a moderator removed, a membership lapsed or a
logout closes their sockets within seconds, and every action is checked against the current
state. Bad frames never crash a socket; resent questions are stored once."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.models import Session

from elections.models import LivePresence, Member
from hustings.models import Question
from tests.livepages import Page, app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def session_of(client):
    """``session_of(user)`` -> the key of a real signed-in session (as a browser would carry)."""

    def sign_in(user):
        client.force_login(user)
        key = client.cookies["sessionid"].value
        client.cookies.clear()
        return key

    return sign_in


async def connect(hustings, *, user=None, session_key=None):
    page = await Page(app(), f"/ws/hustings/{hustings.pk}/", user=user, session_key=session_key).open()
    await page.welcome()
    return page


@pytest.fixture
def quick_recheck(settings):
    settings.LIVE_RECHECK_SECONDS = 1


async def test_a_removed_moderator_who_is_not_a_member_is_closed_within_seconds(hustings, mo, quick_recheck):
    moderator = await connect(hustings, user=mo)
    assert hustings.mod_stream in {m.get("stream") for m in moderator.seen}
    await database_sync_to_async(hustings.moderators.remove)(mo)
    code, said = await moderator.closed()
    assert code == 4403 and said[-1]["error"] == "Only party members can take part in hustings."


async def test_a_removed_moderator_who_is_a_member_reconnects_as_a_member(hustings, bob, quick_recheck):
    await database_sync_to_async(hustings.moderators.add)(bob)
    page = await connect(hustings, user=bob)
    assert next(m for m in page.seen if m["type"] == "welcome")["role"] == "moderator"
    await database_sync_to_async(hustings.moderators.remove)(bob)
    assert (await page.closed())[0] == 4409
    again = await connect(hustings, user=bob)
    welcome = next(m for m in again.seen if m["type"] == "welcome")
    assert welcome["role"] == "member" and "question.approve" not in welcome["actions"]
    assert hustings.mod_stream not in {m.get("stream") for m in again.seen}
    await again.close()


async def test_a_removed_moderator_cannot_moderate_before_the_recheck_notices(hustings, mo, alice, ask, settings):
    settings.LIVE_RECHECK_SECONDS = 3600
    question = await database_sync_to_async(ask)(alice, "Pending")
    moderator = await connect(hustings, user=mo)
    await database_sync_to_async(hustings.moderators.remove)(mo)
    refused = await moderator.reply({"type": "question.approve", "id": question.pk})
    assert refused["error"] == "Only party members can take part in hustings."
    assert (await moderator.closed())[0] == 4403
    status = await database_sync_to_async(lambda: Question.objects.get(pk=question.pk).status)()
    assert status == "pending"


async def test_a_member_who_lapses_is_closed_within_seconds(hustings, alice, quick_recheck):
    page = await connect(hustings, user=alice)
    await database_sync_to_async(Member.objects.filter(user=alice).update)(in_good_standing=False)
    code, said = await page.closed()
    assert code == 4403 and "not in good standing" in said[-1]["error"]


async def test_a_lapsed_member_cannot_ask_before_the_recheck_notices(hustings, alice, settings):
    settings.LIVE_RECHECK_SECONDS = 3600
    page = await connect(hustings, user=alice)
    await database_sync_to_async(Member.objects.filter(user=alice).update)(in_good_standing=False)
    refused = await page.reply({"type": "question.submit", "text": "Still allowed?"})
    assert "not in good standing" in refused["error"]
    assert not await database_sync_to_async(Question.objects.filter(author=alice).exists)()


async def test_a_deleted_session_closes_its_sockets_within_seconds(hustings, alice, session_of, quick_recheck):
    key = await database_sync_to_async(session_of)(alice)
    page = await connect(hustings, session_key=key)
    await database_sync_to_async(Session.objects.filter(session_key=key).delete)()
    code, said = await page.closed()
    assert code == 4401 and said[-1]["error"] == "Sign in to follow this page live."


async def test_logging_out_closes_that_sessions_sockets_at_once(hustings, alice, bob, client, settings):
    settings.LIVE_RECHECK_SECONDS = 3600  # the logout itself must close them, not the re-check
    await database_sync_to_async(client.force_login)(alice)
    key = client.cookies["sessionid"].value
    page = await connect(hustings, session_key=key)
    other = await connect(hustings, user=bob)
    await database_sync_to_async(client.post)("/accounts/logout/")
    code, said = await page.closed()
    assert code == 4401 and "You signed out" in said[-1]["error"]
    assert (await other.reply({"type": "question.submit", "text": "Bob is still here"}))["type"] == "ack"
    await other.close()


async def test_a_signed_out_session_cannot_act_before_the_recheck_notices(hustings, alice, session_of, settings):
    settings.LIVE_RECHECK_SECONDS = 3600
    key = await database_sync_to_async(session_of)(alice)
    page = await connect(hustings, session_key=key)
    await database_sync_to_async(Session.objects.filter(session_key=key).delete)()
    refused = await page.reply({"type": "question.submit", "text": "After logout"})
    assert refused["error"] == "Sign in to follow this page live."
    assert (await page.closed())[0] == 4401
    assert not await database_sync_to_async(Question.objects.filter(author=alice).exists)()


@pytest.mark.parametrize(
    "frame, error",
    [
        ('{"type": "question.submit", "text": "\\ud800"}', "lone surrogate"),
        ('{"type": "question.submit", "text": ' + "[" * 8000 + "}", "nested too deeply"),
    ],
    ids=["lone surrogate", "deep nesting"],
)
async def test_bad_questions_get_an_error_and_leave_no_presence_behind(hustings, alice, frame, error):
    page = await connect(hustings, user=alice)
    await page.send_text(frame)
    assert error in (await page.until(lambda m: m["type"] == "error"))["error"]
    assert (await page.reply({"type": "question.submit", "text": "Still up?"}))["type"] == "ack"
    await page.close()
    assert not await database_sync_to_async(LivePresence.objects.exists)()


async def test_a_resent_question_returns_the_original(hustings, alice, settings):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 1
    page = await connect(hustings, user=alice)
    message = {"type": "question.submit", "text": "Only once, please", "key": "k-1"}
    first = await page.reply(message, ref=1)
    again = await page.reply(message, ref=2)  # a page that never saw the first ack sends it again
    assert first["type"] == again["type"] == "ack"
    assert again["question"]["id"] == first["question"]["id"]
    assert await database_sync_to_async(Question.objects.filter(author=alice).count)() == 1
    await page.close()
