"""The live package's page machinery, through a small page of its own: joining, frames, limits,
resync from memory, ordering and gap filling, and access that follows the person."""

import asyncio
import json
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import OperationalError, transaction
from django.urls import path

from elections import live
from elections.live import store, transport
from elections.live.asgi import websocket_app
from tests.factories import UserFactory
from tests.livepages import Page

pytestmark = pytest.mark.django_db(transaction=True)


class DemoPage(live.LivePage):
    """Anyone signed in may follow ``demo``; staff may also ``shout``; Banned people are refused."""

    actions = {"ping": "ping", "shout": "shout", "boom": "boom", "flaky": "flaky", "gone": "gone"}
    flaky_failures: list = []

    @classmethod
    def topic(cls, kwargs):
        return "demo"

    @classmethod
    def authorise(cls, kwargs, users):
        out = {}
        if any(u.last_name == "Broken" for u in users):
            raise RuntimeError("the access rules could not be read")
        for user in users:
            if user.first_name == "Banned":
                out[user.pk] = live.Refusal("Banned people cannot follow the demo.")
            else:
                actions = {"ping", "boom", "flaky", "gone"} | ({"shout"} if user.is_staff else set())
                out[user.pk] = live.Access(streams=("demo",), actions=frozenset(actions), presence="demo")
        return out

    @classmethod
    def snapshots(cls, kwargs, streams):
        if cls.broken_snapshots:
            raise RuntimeError("the state could not be read")
        return {s: {"events": store.last_seq(s), "server_time": 0} for s in streams}

    broken_snapshots = False

    def ping(self, user, content):
        return {"pong": user.username}

    def shout(self, user, content):
        return {"shouted": True}

    def boom(self, user, content):
        raise RuntimeError("a bug in an action")

    def gone(self, user, content):
        type(user).objects.get(pk=-1)

    def flaky(self, user, content):
        if self.flaky_failures:
            raise self.flaky_failures.pop()
        return {"after": "a retry"}


APP = websocket_app([path("ws/demo/", DemoPage.as_asgi())])


@pytest.fixture
def ann(db):
    return UserFactory(username="ann", first_name="Ann")


async def join(user, **kwargs) -> Page:
    page = await Page(APP, "/ws/demo/", user=user, **kwargs).open()
    await page.welcome()
    return page


@database_sync_to_async
def publish(n=1, stream="demo"):
    with transaction.atomic():
        return [live.publish(stream, "tick", {"n": i}) for i in range(n)]


async def test_a_page_gets_a_snapshot_a_welcome_then_live_events(ann):
    page = await join(ann)
    snapshot, welcome = page.seen[0], page.seen[1]
    assert (snapshot["type"], snapshot["stream"], snapshot["seq"]) == ("snapshot", "demo", 0)
    assert abs(snapshot["state"]["server_time"] - time.time() * 1000) < 60_000  # the time it was sent
    assert welcome == {"type": "welcome", "user": ann.pk, "actions": ["boom", "flaky", "gone", "ping"]}
    await publish()
    assert (await page.next()) == {"type": "tick", "stream": "demo", "seq": 1, "n": 0}
    await page.close()


async def test_a_refused_person_is_told_why_and_closed_with_4403(ann):
    await database_sync_to_async(type(ann).objects.filter(pk=ann.pk).update)(first_name="Banned")
    page = await Page(APP, "/ws/demo/", user=ann).open()
    code, said = await page.closed()
    assert code == 4403 and said == [{"type": "error", "error": "Banned people cannot follow the demo.", "code": 4403}]


async def test_nobody_signed_in_is_closed_with_4401():
    page = await Page(APP, "/ws/demo/").open()
    code, said = await page.closed()
    assert code == 4401 and said[0]["error"] == "Sign in to follow this page live."


BAD_FRAMES = [
    ("{not json", "not valid JSON: Expecting property name enclosed in double quotes at position 1"),
    ("[" * 8000, "JSON nested too deeply (at most 16 levels)"),
    (json.dumps({"type": "ping", "deep": [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}), "JSON nested too deeply"),
    ('{"type": "ping", "text": "\\ud800"}', "text contains an invalid character (a lone surrogate)"),
    ('{"type": "ping", "\\udfff": 1}', "text contains an invalid character (a lone surrogate)"),
    (json.dumps([1, 2]), "each message must be a JSON object with a string 'type'"),
    (json.dumps({"type": 7}), "each message must be a JSON object with a string 'type'"),
    (json.dumps({"type": "ping", "ref": {"x": 1}}), "'ref' must be a short string"),
    (json.dumps({"type": "ping", "ref": "r" * 65}), "'ref' must be a short string"),
    (json.dumps({"type": "launch"}), "unknown or not permitted message type 'launch'"),
    (json.dumps({"type": "shout"}), "unknown or not permitted message type 'shout'"),
    (json.dumps({"type": "ping", "pad": "x" * 9000}), "message too large (limit 8192 bytes)"),
    (json.dumps({"type": "resync", "stream": "other", "since": 0}), "not subscribed to stream 'other'"),
    (json.dumps({"type": "resync", "stream": "demo", "since": -1}), "'since' must be a non-negative whole number"),
    (json.dumps({"type": "resync", "stream": "demo", "since": 2**70}), "'since' must be a non-negative whole number"),
    (json.dumps({"type": "boom", "ref": 1}), "The server could not handle that message; nothing was changed."),
    (json.dumps({"type": "gone", "ref": 1}), "That no longer exists here; reload the page."),
]


@pytest.mark.parametrize("frame, error", BAD_FRAMES, ids=[e[:40] for _, e in BAD_FRAMES])
async def test_every_bad_frame_gets_an_error_and_the_socket_stays_up(ann, frame, error):
    page = await join(ann)
    await page.send_text(frame)
    reply = await page.until(lambda m: m["type"] == "error")
    assert error in reply["error"], reply
    assert (await page.reply({"type": "ping"}))["pong"] == "ann"
    await page.close()


async def test_binary_frames_are_refused_with_an_error(ann):
    page = await join(ann)
    await page.comm.send_to(bytes_data=b"\x00\x01")
    assert (await page.next())["error"] == "binary frames are not accepted; send JSON text"
    await page.close()


async def test_every_frame_counts_towards_the_limit_and_a_flood_is_closed(ann, settings):
    settings.WEBSOCKET_MESSAGES_PER_10_SECONDS = 5
    page = await join(ann)
    for _ in range(5):
        await page.send_text("not json at all")  # malformed frames count like any other
    errors = [await page.until(lambda m: m["type"] == "error") for _ in range(5)]
    assert all("not valid JSON" in e["error"] for e in errors)
    await page.send({"type": "ping"})
    refused = await page.until(lambda m: m["type"] == "error")  # not even read, so no ref to echo
    assert refused["error"] == "too many messages: the limit is 5 every 10 seconds; slow down"
    for _ in range(5):  # frames 7 to 11: the eleventh is more than twice the limit
        await page.send_text("{}")
    code, said = await page.closed()
    assert code == 4429 and said[-1]["error"] == "Too many messages: the limit is 5 every 10 seconds."


async def test_an_action_that_deadlocks_is_tried_again(ann):
    class Deadlock(Exception):
        sqlstate = "40P01"

    failure = OperationalError("deadlock detected")
    failure.__cause__ = Deadlock()
    DemoPage.flaky_failures[:] = [failure]
    page = await join(ann)
    assert (await page.reply({"type": "flaky"}))["after"] == "a retry"
    await page.close()


async def test_a_busy_sqlite_is_tried_again(ann):
    DemoPage.flaky_failures[:] = [OperationalError("database table is locked")]
    page = await join(ann)
    assert (await page.reply({"type": "flaky"}))["after"] == "a retry"
    await page.close()


async def test_an_action_that_fails_in_the_database_is_answered_with_an_error(ann):
    DemoPage.flaky_failures[:] = [OperationalError("disk I/O error")]
    page = await join(ann)
    error = await page.reply({"type": "flaky"})
    assert error["error"] == "The server could not record that just now; nothing was changed. Try again."
    await page.close()


async def test_resync_is_answered_from_memory_and_always_gets_a_reply(ann, monkeypatch):
    page = await join(ann)
    await publish(3)
    await page.until(lambda m: m.get("seq") == 3)

    def no_store(*args):
        raise AssertionError("resync must be answered from memory")

    monkeypatch.setattr(store, "events_between", no_store)
    await page.send({"type": "resync", "stream": "demo", "since": 1, "ref": "a"})
    replay = [await page.next() for _ in range(3)]
    assert [m.get("seq") for m in replay] == [2, 3, 3] and replay[-1]["type"] == "resync.done"
    await page.send({"type": "resync", "stream": "demo", "since": 3, "ref": "b"})
    assert (await page.next()) == {"type": "resync.done", "stream": "demo", "seq": 3, "ref": "b"}
    await page.close()


async def test_a_resync_beyond_the_last_event_is_told_so_and_gets_a_snapshot(ann):
    page = await join(ann)
    await publish(2)
    await page.until(lambda m: m.get("seq") == 2)
    await page.send({"type": "resync", "stream": "demo", "since": 99, "ref": "x"})
    error = await page.next()
    assert error["error"] == "'since' (99) is after the last event (2) of stream 'demo'; sending a fresh snapshot"
    snapshot = await page.next()
    assert (snapshot["type"], snapshot["seq"]) == ("snapshot", 2)
    assert (await page.next())["type"] == "resync.done"
    await page.close()


async def test_resyncs_are_limited_per_connection(ann, settings):
    settings.LIVE_RESYNCS_PER_MINUTE = 2
    page = await join(ann)
    for ref in ("a", "b"):
        await page.send({"type": "resync", "stream": "demo", "since": 0, "ref": ref})
        await page.until(lambda m, ref=ref: m["type"] == "resync.done" and m["ref"] == ref)
    error = await page.reply({"type": "resync", "stream": "demo", "since": 0}, ref="c")
    assert error["error"] == "too many resyncs: at most 2 a minute; reload the page"
    await page.close()


async def test_a_replay_larger_than_a_snapshot_is_sent_as_a_snapshot(ann, settings):
    settings.WEBSOCKET_MAX_MESSAGE_BYTES = 256
    page = await join(ann)
    await database_sync_to_async(lambda: [_publish_padded() for _ in range(5)])()
    await page.until(lambda m: m.get("seq") == 5)
    await page.send({"type": "resync", "stream": "demo", "since": 0, "ref": "s"})
    answer = await page.next()
    assert (answer["type"], answer["seq"]) == ("snapshot", 5)
    await page.close()


def _publish_padded():
    with transaction.atomic():
        live.publish("demo", "tick", {"pad": "x" * 300})


async def test_events_from_two_processes_reach_the_page_in_order(ann):
    """The bus may carry neighbouring events in either order; the relay delivers them in order."""
    page = await join(ann)
    sent = []
    original = transport.send
    transport.send = sent.append  # hold the bus back, then deliver in reverse
    try:
        await publish(3)
    finally:
        transport.send = original
    layer = get_channel_layer()
    for event in reversed(sent):
        await layer.group_send(transport.group_name("demo"), {"type": "live.event", "event": event})
    got = [await page.next() for _ in range(3)]
    assert [m["seq"] for m in got] == [1, 2, 3]
    await page.close()


async def test_an_event_the_bus_dropped_is_filled_from_the_store(ann, monkeypatch):
    page = await join(ann)
    original = transport.send
    monkeypatch.setattr(transport, "send", lambda event: event["seq"] != 1 and original(event))
    await publish(2)  # the bus loses event 1; event 2 reveals the gap
    got = [await page.next() for _ in range(2)]
    assert [m["seq"] for m in got] == [1, 2]
    await page.close()


async def test_an_event_the_bus_dropped_arrives_even_when_nothing_follows_it(ann, monkeypatch, settings):
    settings.LIVE_TAIL_SECONDS = 1
    page = await join(ann)
    monkeypatch.setattr(transport, "send", lambda event: None)  # the bus loses everything
    await publish(1)
    assert (await page.next())["seq"] == 1  # the relay compares its streams with the store
    await page.close()


async def test_a_foreign_origin_is_closed_with_4403(ann):
    for origin in ("http://evil.example", "https://testserver", "http://testserver:8080", None):
        page = await Page(APP, "/ws/demo/", user=ann, origin=origin).open()
        code, said = await page.closed()
        assert code == 4403 and said[0]["error"] == "Live updates are only for pages of this site.", origin


async def test_a_trusted_origin_is_allowed(ann, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://nec.example.org"]
    page = await join(ann, origin="https://nec.example.org")
    await page.close()


async def test_an_unrouted_path_is_closed_with_4404(ann):
    page = await Page(APP, "/ws/nowhere/", user=ann).open()
    code, said = await page.closed()
    assert code == 4404 and said[0]["error"] == "There is no live page at this address."


async def test_an_action_is_authorised_against_the_persons_current_state(ann, settings):
    settings.LIVE_RECHECK_SECONDS = 3600  # the periodic re-check must not be what catches it
    page = await join(ann)
    await database_sync_to_async(type(ann).objects.filter(pk=ann.pk).update)(first_name="Banned")
    refused = await page.reply({"type": "ping"})
    assert refused["error"] == "Banned people cannot follow the demo."
    code, _ = await page.closed()
    assert code == 4403


async def test_a_change_of_access_closes_the_socket_within_seconds(ann, settings):
    settings.LIVE_RECHECK_SECONDS = 1
    page = await join(ann)
    await database_sync_to_async(type(ann).objects.filter(pk=ann.pk).update)(is_staff=True)
    code, said = await page.closed()
    assert code == 4409 and "Your access to this page changed" in said[-1]["error"]


async def test_a_refusal_found_by_the_recheck_closes_the_socket(ann, settings):
    from elections.live.relay import relay

    settings.LIVE_RECHECK_SECONDS = 1
    page = await join(ann)
    await database_sync_to_async(type(ann).objects.filter(pk=ann.pk).update)(first_name="Banned")
    code, said = await page.closed()
    assert code == 4403 and said[-1]["error"] == "Banned people cannot follow the demo."
    deadline = time.monotonic() + 20  # the server lets go of it without waiting for the client
    while relay().sockets and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert relay().sockets == set()


async def test_a_retry_after_a_busy_process_is_asked_for_with_1013(ann, settings):
    settings.LIVE_JOIN_QUEUE_LIMIT = 0
    page = await Page(APP, "/ws/demo/", user=ann).open()
    code, said = await page.closed()
    assert code == 1013 and "busy" in said[0]["error"]


async def test_nothing_is_left_running_after_the_last_page_closes(ann):
    from elections.live.relay import relay

    page = await join(ann)
    hub = relay()
    assert hub.tasks
    await page.close()
    assert hub.tasks == [] and hub.sockets == set() and hub.streams == {}
    await asyncio.sleep(0)


async def test_a_failure_to_check_access_asks_the_page_to_come_back(ann):
    await database_sync_to_async(type(ann).objects.filter(pk=ann.pk).update)(last_name="Broken")
    page = await Page(APP, "/ws/demo/", user=ann).open()
    code, said = await page.closed()
    assert code == 1013 and said[0]["error"] == "The server could not check your access; your page will reconnect."


async def test_a_failure_to_load_the_state_asks_the_page_to_come_back(ann, monkeypatch):
    monkeypatch.setattr(DemoPage, "broken_snapshots", True)
    page = await Page(APP, "/ws/demo/", user=ann).open()
    code, said = await page.closed()
    assert code == 1013 and said[0]["error"] == "The server could not load this page's live state; reconnecting."
