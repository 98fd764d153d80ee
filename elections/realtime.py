"""The one way live changes reach browsers.

``publish`` is called inside the transaction that made a change. It numbers the event within its
stream (taking the stream's row lock, so numbers never repeat or skip), stores it, and sends it to
the stream's Channels group only after the transaction commits, so nobody sees a change that was
rolled back. A client that missed events asks for ``events_since`` its last number, or takes a
fresh snapshot when they are no longer kept.

Keep this boundary narrow: nothing else in the platform calls ``group_send``.
"""

from __future__ import annotations

import re

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from elections.models import LiveEvent, LiveStream

_GROUP_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
MAX_CATCH_UP = 500  # beyond this many missed events a client gets a snapshot instead


def group_name(stream: str) -> str:
    """Channels group for a stream (group names allow only a few characters and < 100 of them)."""
    return "live." + _GROUP_UNSAFE.sub("_", stream)[:90]


def publish(stream: str, event_type: str, payload: dict) -> dict:
    """Record an event in ``stream`` and send it after commit. Returns the event as sent.

    Must be called inside ``transaction.atomic()``: the event belongs to the change being made.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish() must be called inside transaction.atomic() with the change it reports")
    LiveStream.objects.get_or_create(name=stream)
    counter = LiveStream.objects.select_for_update().get(name=stream)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    LiveEvent.objects.create(stream=stream, seq=counter.last_seq, type=event_type, payload=payload)
    event = {"type": event_type, "stream": stream, "seq": counter.last_seq, **payload}
    transaction.on_commit(lambda: _send(stream, event))
    return event


def _send(stream: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group_name(stream), {"type": "live.event", "event": event})


def last_seq(stream: str) -> int:
    row = LiveStream.objects.filter(name=stream).values_list("last_seq", flat=True).first()
    return row or 0


def events_since(stream: str, seq: int) -> list[dict] | None:
    """Events after ``seq`` in order, or None when too many were missed (send a snapshot)."""
    newest = last_seq(stream)
    if seq >= newest:
        return []
    if newest - seq > MAX_CATCH_UP:
        return None
    rows = LiveEvent.objects.filter(stream=stream, seq__gt=seq).order_by("seq")
    events = [{"type": r.type, "stream": stream, "seq": r.seq, **r.payload} for r in rows]
    if len(events) != newest - seq:  # pruned history: a snapshot is the only safe answer
        return None
    return events
