"""Live events: numbered per stream, sent only after commit, and replayed to clients that missed them."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.db import transaction

from elections import realtime
from elections.consumers import StreamConsumer
from elections.models import LiveEvent


def test_it_refuses_to_publish_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        realtime.publish("s", "thing", {})


def test_events_are_numbered_within_their_stream(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(), transaction.atomic():
        first = realtime.publish("hustings-1", "question.approved", {"id": 1})
        second = realtime.publish("hustings-1", "question.approved", {"id": 2})
        other = realtime.publish("hustings-2", "question.approved", {"id": 3})
    assert (first["seq"], second["seq"], other["seq"]) == (1, 2, 1)
    assert first == {"type": "question.approved", "stream": "hustings-1", "seq": 1, "id": 1}


def test_nothing_is_sent_until_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        realtime.publish("s", "t", {})
    assert len(callbacks) == 1  # deferred to commit, not sent inline


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_and_keeps_nothing():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        realtime.publish("s", "t", {})
        raise ZeroDivisionError
    assert LiveEvent.objects.count() == 0
    assert realtime.last_seq("s") == 0


def test_a_client_catches_up_or_gets_a_snapshot(db, monkeypatch):
    with transaction.atomic():
        for n in range(5):
            realtime.publish("s", "t", {"n": n})
    assert [e["seq"] for e in realtime.events_since("s", 2)] == [3, 4, 5]
    assert realtime.events_since("s", 5) == []
    monkeypatch.setattr(realtime, "MAX_CATCH_UP", 2)
    assert realtime.events_since("s", 2) is None
    LiveEvent.objects.filter(seq=4).delete()
    monkeypatch.setattr(realtime, "MAX_CATCH_UP", 500)
    assert realtime.events_since("s", 2) is None  # history was pruned: only a snapshot is safe


class EchoConsumer(StreamConsumer):
    async def allowed_streams(self):
        return ["demo"] if self.scope["url_route"]["kwargs"]["ok"] == "yes" else None

    def snapshot(self, stream):
        return {"count": LiveEvent.objects.filter(stream=stream).count()}

    def actions(self):
        return {"ping": self.ping}

    async def ping(self, content):
        await self.send_json({"type": "pong", "ref": content.get("ref")})


def communicator(ok="yes"):
    app = EchoConsumer.as_asgi()
    comm = WebsocketCommunicator(app, f"/ws/{ok}/")
    comm.scope["url_route"] = {"kwargs": {"ok": ok}}
    return comm


@database_sync_to_async
def publish_some(n):
    with transaction.atomic():
        return [realtime.publish("demo", "tick", {"n": i}) for i in range(n)]


@pytest.mark.django_db(transaction=True)
async def test_a_consumer_sends_a_snapshot_then_live_events():
    comm = communicator()
    connected, _ = await comm.connect()
    assert connected
    assert await comm.receive_json_from() == {"type": "snapshot", "stream": "demo", "seq": 0, "state": {"count": 0}}
    await publish_some(1)
    assert await comm.receive_json_from(timeout=2) == {"type": "tick", "stream": "demo", "seq": 1, "n": 0}
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_refused_connection_is_closed_with_4403():
    connected, code = await communicator("no").connect()
    assert not connected and code == 4403


@pytest.mark.django_db(transaction=True)
async def test_bad_messages_get_an_error_and_the_connection_stays_up(settings):
    settings.WEBSOCKET_MAX_MESSAGE_BYTES = 300
    comm = communicator()
    await comm.connect()
    await comm.receive_json_from()
    cases = [
        ("{not json", "not valid JSON"),
        (json.dumps([1, 2]), "JSON object with a string 'type'"),
        (json.dumps({"type": "launch"}), "unknown or not permitted message type 'launch'"),
        (json.dumps({"type": "ping", "pad": "x" * 400}), "message too large"),
        (json.dumps({"type": "resync", "stream": "other", "since": 0}), "not subscribed to stream 'other'"),
        (json.dumps({"type": "resync", "stream": "demo", "since": -1}), "'since' must be a non-negative whole number"),
    ]
    for text, error in cases:
        await comm.send_to(text_data=text)
        reply = await comm.receive_json_from()
        assert reply["type"] == "error" and error in reply["error"], (text, reply)
    await comm.send_json_to({"type": "ping", "ref": 7})
    assert await comm.receive_json_from() == {"type": "pong", "ref": 7}
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_resync_replays_what_a_client_missed():
    await publish_some(3)
    comm = communicator()
    await comm.connect()
    snapshot = await comm.receive_json_from()
    assert snapshot["seq"] == 3
    await comm.send_json_to({"type": "resync", "stream": "demo", "since": 1})
    assert [(await comm.receive_json_from())["seq"] for _ in range(2)] == [2, 3]
    assert await comm.receive_nothing()
    await comm.disconnect()


async def test_the_group_name_is_safe_for_every_channel_layer():
    name = realtime.group_name("hustings: 4 / moderators" + "x" * 200)
    assert len(name) < 100
    layer = get_channel_layer()
    await layer.group_add(name, "test.channel")  # raises on an invalid name
