"""The hustings websocket: who may connect, what each role may send and receive, validation,
acknowledgement after commit, resync after missed events, presence."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from hustings import consumers, services
from hustings.models import Question
from hustings.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)
APP = URLRouter(websocket_urlpatterns)


@pytest.fixture(autouse=True)
def quick_presence(monkeypatch):
    monkeypatch.setattr(consumers, "PRESENCE_INTERVAL", 0.02)


async def connect(user, hustings, expect_ok=True):
    comm = WebsocketCommunicator(APP, f"/ws/hustings/{hustings.pk}/")
    comm.scope["user"] = user
    connected, code = await comm.connect()
    if not expect_ok:
        return connected, code
    assert connected, code
    greeting = await drain(comm)
    return comm, greeting


async def drain(comm, timeout=0.15):
    """Everything the server has sent so far."""
    out = []
    while not await comm.receive_nothing(timeout=timeout):
        out.append(await comm.receive_json_from())
    return out


async def reply_to(comm, message, timeout=2):
    """Send a message and return the ack/error for it, plus everything else that arrived."""
    message = {"ref": "r1", **message}
    await comm.send_json_to(message)
    others = []
    while True:
        msg = await comm.receive_json_from(timeout=timeout)
        if msg["type"] in ("ack", "error") and msg.get("ref") == message["ref"]:
            return msg, others + await drain(comm)
        others.append(msg)


def streams_of(messages):
    return {m["stream"] for m in messages if "stream" in m}


async def test_a_member_gets_the_public_and_personal_snapshots_but_not_the_moderators(hustings, alice, approved):
    comm, greeting = await connect(alice, hustings)
    snapshots = {m["stream"]: m for m in greeting if m["type"] == "snapshot"}
    assert set(snapshots) == {hustings.stream, hustings.personal_stream(alice.pk)}
    public = snapshots[hustings.stream]["state"]
    assert [q["id"] for q in public["queue"]] == [approved.pk]
    assert public["hustings"]["state"] == "open" and isinstance(public["server_time"], int)
    assert "author" not in public["queue"][0]
    welcome = next(m for m in greeting if m["type"] == "welcome")
    assert welcome["role"] == "member" and "question.approve" not in welcome["actions"]
    await comm.disconnect()


async def test_moderators_also_get_the_pending_queue(hustings, mo, alice, ask):
    pending = await database_sync_to_async(ask)(alice, "Pending one?")
    comm, greeting = await connect(mo, hustings)
    mod = next(m for m in greeting if m.get("stream") == hustings.mod_stream)
    assert [q["id"] for q in mod["state"]["pending"]] == [pending.pk]
    assert mod["state"]["pending"][0]["author"]
    await comm.disconnect()


@pytest.fixture
def outsiders(nobody, lapsed):
    return {"nobody": nobody, "lapsed": lapsed, "anonymous": AnonymousUser()}


@pytest.mark.parametrize("who", ["nobody", "lapsed", "anonymous"])
async def test_people_who_may_not_attend_are_refused_with_4403(hustings, outsiders, who):
    user = outsiders[who]
    connected, code = await connect(user, hustings, expect_ok=False)
    assert (connected, code) == (False, 4403)


async def test_an_unknown_hustings_is_refused(hustings, alice):
    comm = WebsocketCommunicator(APP, "/ws/hustings/999999/")
    comm.scope["user"] = alice
    assert await comm.connect() == (False, 4403)


async def test_a_question_is_committed_then_acknowledged_and_reaches_only_moderators(hustings, alice, bob, mo):
    member, _ = await connect(alice, hustings)
    other, _ = await connect(bob, hustings)
    moderator, _ = await connect(mo, hustings)
    ack, _others = await reply_to(
        member, {"type": "question.submit", "text": "Will you back open selections?", "to": "all"}
    )
    assert ack["type"] == "ack" and ack["question"]["status"] == "pending"
    assert await database_sync_to_async(Question.objects.filter(pk=ack["question"]["id"]).exists)()
    to_mod = await drain(moderator)
    assert [m["type"] for m in to_mod if m.get("stream") == hustings.mod_stream] == ["question.submitted"]
    seen_by_bob = await drain(other)
    assert hustings.mod_stream not in streams_of(seen_by_bob)
    assert "Will you back open selections?" not in json.dumps(seen_by_bob)
    assert [m["type"] for m in seen_by_bob if m["type"] != "presence"] == ["counts"]
    for comm in (member, other, moderator):
        await comm.disconnect()


async def test_an_approval_reaches_every_member(hustings, alice, bob, mo, ask):
    question = await database_sync_to_async(ask)(alice, "Approve me")
    member, _ = await connect(bob, hustings)
    moderator, _ = await connect(mo, hustings)
    ack, _ = await reply_to(moderator, {"type": "question.approve", "id": question.pk})
    assert ack == {"type": "ack", "ref": "r1", "action": "question.approve"}
    got = await drain(member)
    approved = next(m for m in got if m["type"] == "question.approved")
    assert approved["question"]["id"] == question.pk and approved["stream"] == hustings.stream
    assert hustings.mod_stream not in streams_of(got)
    await member.disconnect()
    await moderator.disconnect()


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
    comm, _ = await connect(alice, hustings)
    error, _ = await reply_to(comm, message)
    assert error["type"] == "error" and "not permitted message type" in error["error"]
    await comm.disconnect()


@pytest.mark.parametrize(
    "message",
    [m for m in MEMBER_REFUSED if m["type"].startswith(("timer", "hustings", "question.put"))],
    ids=lambda m: m["type"],
)
async def test_moderators_cannot_chair(hustings, mo, message):
    comm, _ = await connect(mo, hustings)
    error, _ = await reply_to(comm, message)
    assert error["type"] == "error" and "not permitted message type" in error["error"]
    await comm.disconnect()


async def test_a_watching_candidate_cannot_ask_or_vote(hustings):
    cara = await database_sync_to_async(lambda: hustings.candidates.get(slug="cara").user)()
    comm, greeting = await connect(cara, hustings)
    assert next(m for m in greeting if m["type"] == "welcome")["role"] == "candidate"
    error, _ = await reply_to(comm, {"type": "question.submit", "text": "hi"})
    assert "not permitted" in error["error"]
    await comm.disconnect()


@pytest.mark.parametrize(
    "message, problem",
    [
        ({"type": "question.submit"}, "A question must be text"),
        ({"type": "question.submit", "text": ""}, "cannot be empty"),
        ({"type": "question.submit", "text": "x" * 600}, "the limit is 500"),
        ({"type": "question.submit", "text": "ok", "to": "some"}, "'to' must be \"all\" or a list"),
        ({"type": "question.vote"}, "'id' must be a question id"),
        ({"type": "question.vote", "id": "7"}, "'id' must be a question id"),
        ({"type": "question.vote", "id": 999999}, "no such question at this hustings: 999999"),
        ({"type": "resync", "stream": "hustings-0-mod", "since": 0}, "not subscribed to stream"),
    ],
)
async def test_bad_messages_get_an_error_naming_the_problem_and_the_connection_stays_up(
    hustings, alice, message, problem
):
    comm, _ = await connect(alice, hustings)
    error, _ = await reply_to(comm, message)
    assert error["type"] == "error" and problem in error["error"], error
    ack, _ = await reply_to(comm, {"type": "question.submit", "text": "Still here?"})
    assert ack["type"] == "ack"
    await comm.disconnect()


async def test_a_member_cannot_resync_the_moderators_stream(hustings, alice):
    comm, _ = await connect(alice, hustings)
    error, _ = await reply_to(comm, {"type": "resync", "stream": hustings.mod_stream, "since": 0})
    assert "not subscribed" in error["error"]
    await comm.disconnect()


async def test_oversized_frames_are_refused(hustings, alice, settings):
    settings.WEBSOCKET_MAX_MESSAGE_BYTES = 1000
    comm, _ = await connect(alice, hustings)
    await comm.send_to(text_data=json.dumps({"type": "question.submit", "text": "x" * 2000}))
    error = await comm.receive_json_from()
    assert error["type"] == "error" and "message too large (limit 1000 bytes)" in error["error"]
    await comm.disconnect()


async def test_a_flood_is_refused_with_an_error(hustings, alice, settings):
    settings.HUSTINGS_MESSAGES_PER_10_SECONDS = 5
    comm, _ = await connect(alice, hustings)
    for _ in range(5):
        await comm.send_json_to({"type": "nothing"})
    await drain(comm)
    error, _ = await reply_to(comm, {"type": "question.submit", "text": "one too many"})
    assert "too many messages: the limit is 5 every 10 seconds" in error["error"]
    await comm.disconnect()


async def test_the_question_rate_limit_is_named_in_the_error(hustings, alice, settings):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 1
    comm, _ = await connect(alice, hustings)
    assert (await reply_to(comm, {"type": "question.submit", "text": "first"}))[0]["type"] == "ack"
    error, _ = await reply_to(comm, {"type": "question.submit", "text": "second"})
    assert "Rate limit: at most 1 questions a minute" in error["error"]
    await comm.disconnect()


async def test_votes_arrive_for_everyone_and_the_voter_sees_their_vote(hustings, approved, bob, alice):
    voter, _ = await connect(bob, hustings)
    watcher, _ = await connect(alice, hustings)
    ack, others = await reply_to(voter, {"type": "question.vote", "id": approved.pk})
    assert ack["type"] == "ack"
    assert {"type": "vote", "stream": hustings.personal_stream(bob.pk), "id": approved.pk, "voted": True} in [
        {k: m[k] for k in ("type", "stream", "id", "voted") if k in m} for m in others
    ]
    seen = await drain(watcher)
    assert [(m["type"], m["votes"]) for m in seen if m["type"] == "question.votes"] == [("question.votes", 1)]
    assert not [m for m in seen if m["type"] == "vote"]  # another member's vote stays private
    await voter.disconnect()
    await watcher.disconnect()


async def test_resync_replays_missed_events_in_order(hustings, alice, mo, ask):
    comm, greeting = await connect(alice, hustings)
    since = next(m for m in greeting if m.get("stream") == hustings.stream)["seq"]
    await comm.disconnect()  # the member's connection drops; the session carries on

    def carry_on():
        q = ask(alice, "while you were away")
        services.question_approve(actor=mo, question=q)

    await database_sync_to_async(carry_on)()
    comm, _ = await connect(alice, hustings)
    await comm.send_json_to({"type": "resync", "stream": hustings.stream, "since": since})
    missed = await drain(comm)
    public = [m for m in missed if m.get("stream") == hustings.stream]
    assert [m["seq"] for m in public] == list(range(since + 1, since + 1 + len(public)))
    assert "question.approved" in [m["type"] for m in public]
    await comm.disconnect()


async def test_resync_beyond_the_kept_history_sends_a_fresh_snapshot(hustings, alice, approved, monkeypatch):
    from elections import realtime

    monkeypatch.setattr(realtime, "MAX_CATCH_UP", 1)
    comm, _ = await connect(alice, hustings)
    await comm.send_json_to({"type": "resync", "stream": hustings.stream, "since": 0})
    reply = await comm.receive_json_from()
    assert reply["type"] == "snapshot" and [q["id"] for q in reply["state"]["queue"]] == [approved.pk]
    await comm.disconnect()


async def test_the_chair_puts_a_question_and_every_screen_gets_the_timer(hustings, approved, hannah, alice, candidates):
    chair, _ = await connect(hannah, hustings)
    member, _ = await connect(alice, hustings)
    assert (await reply_to(chair, {"type": "hustings.state", "state": "live"}))[0]["type"] == "ack"
    order = [candidates[1].pk, candidates[0].pk, candidates[2].pk]
    assert (await reply_to(chair, {"type": "question.put", "id": approved.pk, "order": order}))[0]["type"] == "ack"
    assert (await reply_to(chair, {"type": "timer.start"}))[0]["type"] == "ack"
    seen = await drain(member)
    current = [m["current"] for m in seen if m["type"] == "current"][-1]
    assert current["speaking"] == candidates[1].pk and current["question"]["id"] == approved.pk
    speaking = current["answers"][0]
    assert speaking["running"] and 59 < speaking["remaining"] <= 60 and isinstance(current["server_time"], int)
    error, _ = await reply_to(chair, {"type": "timer.resume"})
    assert "No candidate paused" in error["error"]
    await chair.disconnect()
    await member.disconnect()


async def test_presence_counts_people_across_connections(hustings, alice, bob, monkeypatch):
    first, _ = await connect(alice, hustings)
    second, _ = await connect(bob, hustings)
    again, _ = await connect(alice, hustings)  # a second tab is the same person
    seen = await drain(first, timeout=0.4)
    assert [m["present"] for m in seen if m["type"] == "presence"][-1] == 2
    await second.disconnect()
    seen = await drain(first, timeout=0.4)
    assert [m["present"] for m in seen if m["type"] == "presence"][-1] == 1
    await first.disconnect()
    await again.disconnect()
