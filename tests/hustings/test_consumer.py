"""The hustings live page: who may connect, what each role may send and receive, validation,
acknowledgement after commit, resync after missed events, presence."""

import json

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser

from hustings import services
from hustings.models import Question
from tests.livepages import Page, app

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(user, hustings):
    page = await Page(app(), f"/ws/hustings/{hustings.pk}/", user=user).open()
    await page.welcome()
    return page


def snapshots(page):
    return {m["stream"]: m for m in page.seen if m["type"] == "snapshot"}


async def test_a_member_gets_the_public_and_personal_snapshots_but_not_the_moderators(hustings, alice, approved):
    page = await connect(alice, hustings)
    got = snapshots(page)
    assert set(got) == {hustings.stream, hustings.personal_stream(alice.pk)}
    public = got[hustings.stream]["state"]
    assert [q["id"] for q in public["queue"]] == [approved.pk]
    assert public["hustings"]["state"] == "open" and isinstance(public["server_time"], int)
    assert "author" not in public["queue"][0]
    welcome = next(m for m in page.seen if m["type"] == "welcome")
    assert welcome["role"] == "member" and "question.approve" not in welcome["actions"]
    await page.close()


async def test_moderators_also_get_the_pending_queue(hustings, mo, alice, ask):
    pending = await database_sync_to_async(ask)(alice, "Pending one?")
    page = await connect(mo, hustings)
    mod = snapshots(page)[hustings.mod_stream]
    assert [q["id"] for q in mod["state"]["pending"]] == [pending.pk]
    assert mod["state"]["pending"][0]["author"]
    await page.close()


@pytest.fixture
def outsiders(nobody, lapsed):
    return {"nobody": nobody, "lapsed": lapsed, "anonymous": AnonymousUser()}


@pytest.mark.parametrize(
    "who, code, reason",
    [
        ("nobody", 4403, "Only party members can take part in hustings."),
        ("lapsed", 4403, "Your membership is not in good standing"),
        ("anonymous", 4401, "Sign in to follow this page live."),
    ],
)
async def test_people_who_may_not_attend_are_told_why_and_closed(hustings, outsiders, who, code, reason):
    page = await Page(app(), f"/ws/hustings/{hustings.pk}/", user=outsiders[who]).open()
    closed, said = await page.closed()
    assert closed == code
    assert [m["type"] for m in said] == ["error"] and reason in said[0]["error"]


async def test_an_unknown_hustings_is_closed_with_4404(hustings, alice):
    page = await Page(app(), "/ws/hustings/999999/", user=alice).open()
    code, said = await page.closed()
    assert code == 4404 and said[0]["error"] == "There is no such hustings."


async def test_a_question_is_committed_then_acknowledged_and_reaches_only_moderators(hustings, alice, bob, mo):
    member = await connect(alice, hustings)
    other = await connect(bob, hustings)
    moderator = await connect(mo, hustings)
    ack = await member.reply({"type": "question.submit", "text": "Will you back open selections?", "to": "all"})
    assert ack["type"] == "ack" and ack["question"]["status"] == "pending"
    assert await database_sync_to_async(Question.objects.filter(pk=ack["question"]["id"]).exists)()
    submitted = await moderator.got(lambda m: m["type"] == "question.submitted")
    assert submitted["stream"] == hustings.mod_stream and submitted["question"]["id"] == ack["question"]["id"]
    # The counts event is published after the moderators' event in the same transaction, so by the
    # time it reaches Bob anything meant for moderators would have reached him first.
    await other.got(lambda m: m["type"] == "counts" and m["counts"]["received"] == 1)
    assert hustings.mod_stream not in {m.get("stream") for m in other.seen}
    assert "Will you back open selections?" not in json.dumps(other.seen)
    for page in (member, other, moderator):
        await page.close()


async def test_an_approval_reaches_every_member(hustings, alice, bob, mo, ask):
    question = await database_sync_to_async(ask)(alice, "Approve me")
    member = await connect(bob, hustings)
    moderator = await connect(mo, hustings)
    ack = await moderator.reply({"type": "question.approve", "id": question.pk})
    assert ack == {"type": "ack", "ref": "r1", "action": "question.approve"}
    approved = await member.got(lambda m: m["type"] == "question.approved")
    assert approved["question"]["id"] == question.pk and approved["stream"] == hustings.stream
    assert hustings.mod_stream not in {m.get("stream") for m in member.seen}
    await member.close()
    await moderator.close()


MEMBER_REFUSED = [
    {"type": "question.approve", "id": 1},
    {"type": "question.reject", "id": 1, "reason": "x"},
    {"type": "question.edit", "id": 1, "text": "x"},
    {"type": "question.merge", "id": 1, "into": 2},
    {"type": "question.tag", "id": 1, "topics": []},
    {"type": "question.put", "id": 1},
    {"type": "timer.start"},
    {"type": "hustings.state", "state": "live"},
]


@pytest.mark.parametrize("message", MEMBER_REFUSED, ids=lambda m: m["type"])
async def test_members_cannot_moderate_or_chair(hustings, alice, message):
    page = await connect(alice, hustings)
    error = await page.reply(message)
    assert error["type"] == "error" and "not permitted message type" in error["error"]
    await page.close()


@pytest.mark.parametrize(
    "message",
    [m for m in MEMBER_REFUSED if m["type"].startswith(("timer", "hustings", "question.put"))],
    ids=lambda m: m["type"],
)
async def test_moderators_cannot_chair(hustings, mo, message):
    page = await connect(mo, hustings)
    error = await page.reply(message)
    assert error["type"] == "error" and "not permitted message type" in error["error"]
    await page.close()


async def test_a_watching_candidate_cannot_ask_or_vote(hustings):
    cara = await database_sync_to_async(lambda: hustings.candidates.get(slug="cara").user)()
    page = await connect(cara, hustings)
    assert next(m for m in page.seen if m["type"] == "welcome")["role"] == "candidate"
    error = await page.reply({"type": "question.submit", "text": "hi"})
    assert "not permitted" in error["error"]
    await page.close()


@pytest.mark.parametrize(
    "message, problem",
    [
        ({"type": "question.submit"}, "A question must be text"),
        ({"type": "question.submit", "text": ""}, "cannot be empty"),
        ({"type": "question.submit", "text": "x" * 600}, "the limit is 500"),
        ({"type": "question.submit", "text": "ok", "to": "some"}, "'to' must be \"all\" or a list"),
        ({"type": "question.submit", "text": "ok", "key": "no spaces allowed"}, "'key' must be 1 to 64 letters"),
        ({"type": "question.vote"}, "'id' must be a question id"),
        ({"type": "question.vote", "id": "7"}, "'id' must be a question id"),
        ({"type": "question.vote", "id": 999999}, "no such question at this hustings: 999999"),
        ({"type": "resync", "stream": "hustings-0/mod", "since": 0}, "not subscribed to stream"),
    ],
)
async def test_bad_messages_get_an_error_naming_the_problem_and_the_connection_stays_up(
    hustings, alice, message, problem
):
    page = await connect(alice, hustings)
    error = await page.reply(message)
    assert error["type"] == "error" and problem in error["error"], error
    ack = await page.reply({"type": "question.submit", "text": "Still here?"}, ref="r2")
    assert ack["type"] == "ack"
    await page.close()


async def test_a_member_cannot_resync_the_moderators_stream(hustings, alice):
    page = await connect(alice, hustings)
    error = await page.reply({"type": "resync", "stream": hustings.mod_stream, "since": 0})
    assert "not subscribed" in error["error"]
    await page.close()


async def test_the_question_rate_limit_is_named_in_the_error(hustings, alice, settings):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 1
    page = await connect(alice, hustings)
    assert (await page.reply({"type": "question.submit", "text": "first"}))["type"] == "ack"
    error = await page.reply({"type": "question.submit", "text": "second"}, ref="r2")
    assert "Rate limit: at most 1 questions a minute" in error["error"]
    await page.close()


async def test_votes_arrive_for_everyone_and_the_voter_sees_their_vote(hustings, approved, bob, alice):
    voter = await connect(bob, hustings)
    watcher = await connect(alice, hustings)
    ack = await voter.reply({"type": "question.vote", "id": approved.pk})
    assert ack["type"] == "ack"
    mine = await voter.got(lambda m: m["type"] == "vote")
    assert (mine["stream"], mine["id"], mine["voted"]) == (hustings.personal_stream(bob.pk), approved.pk, True)
    votes = await watcher.got(lambda m: m["type"] == "question.votes")
    assert votes["votes"] == 1
    assert not [m for m in watcher.seen if m["type"] == "vote"]  # another member's vote stays private
    await voter.close()
    await watcher.close()


async def test_resync_replays_missed_events_in_order(hustings, alice, mo, ask):
    page = await connect(alice, hustings)
    since = snapshots(page)[hustings.stream]["seq"]

    def carry_on():
        q = ask(alice, "while you were away")
        services.question_approve(actor=mo, question=q)

    await database_sync_to_async(carry_on)()
    await page.until(lambda m: m["type"] == "question.approved")
    before = len(page.seen)
    await page.send({"type": "resync", "stream": hustings.stream, "since": since})
    done = await page.until(lambda m: m["type"] == "resync.done")
    replayed = [m for m in page.seen[before:] if m.get("stream") == hustings.stream and "seq" in m and m is not done]
    assert [m["seq"] for m in replayed] == list(range(since + 1, done["seq"] + 1))
    assert "question.approved" in [m["type"] for m in replayed]
    await page.close()


async def test_the_chair_puts_a_question_and_every_screen_gets_the_timer(hustings, approved, hannah, alice, candidates):
    chair = await connect(hannah, hustings)
    member = await connect(alice, hustings)
    assert (await chair.reply({"type": "hustings.state", "state": "live"}))["type"] == "ack"
    order = [candidates[1].pk, candidates[0].pk, candidates[2].pk]
    assert (await chair.reply({"type": "question.put", "id": approved.pk, "order": order}, ref=2))["type"] == "ack"
    assert (await chair.reply({"type": "timer.start"}, ref=3))["type"] == "ack"
    current = (await member.got(lambda m: m["type"] == "current" and m["current"]["speaking"]))["current"]
    assert current["speaking"] == candidates[1].pk and current["question"]["id"] == approved.pk
    speaking = current["answers"][0]
    assert speaking["running"] and 59 < speaking["remaining"] <= 60 and isinstance(current["server_time"], int)
    error = await chair.reply({"type": "timer.resume"}, ref=4)
    assert "No candidate paused" in error["error"]
    await chair.close()
    await member.close()


async def test_presence_counts_people_across_connections(hustings, alice, bob):
    first = await connect(alice, hustings)
    second = await connect(bob, hustings)
    again = await connect(alice, hustings)  # a second tab is the same person
    await first.until(lambda m: m["type"] == "presence" and m["present"] == 2)
    await second.close()
    await first.until(lambda m: m["type"] == "presence" and m["present"] == 1)
    assert [m["present"] for m in first.seen if m["type"] == "presence"][-1] == 1
    await first.close()
    await again.close()
