"""The stored side of live events: numbering, recording, replaying and pruning.

``publish`` is called inside the transaction that made a change. It numbers the event within its
stream and stores it; the transport sends it only after that transaction commits, so nobody sees
a change that was rolled back, and numbers never repeat or skip.

Locking: before a stream's own counter, ``publish`` locks its *topic*'s counter (the part of the
stream name before the first ``/``: ``hustings-4/mod`` belongs to topic ``hustings-4``). Every
transaction that publishes about one hustings therefore takes the same first live lock, so two
of them can never hold each other's stream rows in opposite orders (issue 11's deadlock).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from elections.live import transport
from elections.live.models import LiveEvent, LiveStream


def topic_of(stream: str) -> str:
    return stream.split("/", 1)[0]


def publish(stream: str, event_type: str, payload: dict) -> dict:
    """Record an event in ``stream`` and send it after commit. Returns the event as it will be sent.

    Must be called inside ``transaction.atomic()``: the event belongs to the change being made.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish() must be called inside transaction.atomic() with the change it reports")
    if len(stream) > 80:
        raise ValueError(f"stream names are at most 80 characters: {stream[:90]!r}")
    topic = topic_of(stream)
    if topic != stream:
        _lock(topic)
    seq = _next_seq(stream)
    LiveEvent.objects.create(stream=stream, seq=seq, type=event_type, payload=payload)
    event = {"type": event_type, "stream": stream, "seq": seq, **payload}
    transaction.on_commit(lambda: transport.send(event))
    return event


def _next_seq(stream: str) -> int:
    """Take the stream's next number; the UPDATE holds the row's lock until commit."""
    table = connection.ops.quote_name(LiveStream._meta.db_table)
    sql = f"UPDATE {table} SET last_seq = last_seq + 1 WHERE name = %s RETURNING last_seq"
    with connection.cursor() as cursor:
        cursor.execute(sql, [stream])
        row = cursor.fetchone()
        if row is None:
            LiveStream.objects.bulk_create([LiveStream(name=stream)], ignore_conflicts=True)
            cursor.execute(sql, [stream])
            row = cursor.fetchone()
    return row[0]


def _lock(topic: str) -> None:
    if not LiveStream.objects.select_for_update(no_key=True).filter(name=topic).exists():
        LiveStream.objects.bulk_create([LiveStream(name=topic)], ignore_conflicts=True)
        LiveStream.objects.select_for_update(no_key=True).filter(name=topic).exists()


def last_seqs(streams) -> dict[str, int]:
    """The last number used in each stream (0 for a stream that never published)."""
    streams = list(streams)
    found: dict[str, int] = {}
    if connection.vendor == "postgresql":
        # One array parameter, not one per name: each process asks this every LIVE_TAIL_SECONDS for
        # every stream it follows (one per person present), and building a 2,000-name IN list
        # cost more CPU than the query (profiled under a 2,000-socket hustings).
        table = connection.ops.quote_name(LiveStream._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT name, last_seq FROM {table} WHERE name = ANY(%s)", [streams])
            found.update(cursor.fetchall())
        return {s: found.get(s, 0) for s in streams}
    for start in range(0, len(streams), 500):
        chunk = streams[start : start + 500]
        found.update(LiveStream.objects.filter(name__in=chunk).values_list("name", "last_seq"))
    return {s: found.get(s, 0) for s in streams}


def last_seq(stream: str) -> int:
    return last_seqs([stream])[stream]


def events_between(stream: str, after: int, upto: int | None = None) -> list[dict] | None:
    """Stored events with ``after < seq <= upto`` in order, or None if some were pruned."""
    rows = LiveEvent.objects.filter(stream=stream, seq__gt=after)
    if upto is not None:
        rows = rows.filter(seq__lte=upto)
    events = [{"type": r.type, "stream": stream, "seq": r.seq, **r.payload} for r in rows.order_by("seq")]
    expected = after + 1
    for event in events:
        if event["seq"] != expected:
            return None
        expected += 1
    if upto is not None and expected != upto + 1:
        return None
    return events


def prune(*, keep: int, days: int, now=None) -> int:
    """Delete events older than ``days`` and all but the last ``keep`` of each stream.

    Counters stay, so numbering carries on; a client asking for pruned events gets a snapshot.
    """
    now = now or timezone.now()
    deleted, _ = LiveEvent.objects.filter(created__lt=now - dt.timedelta(days=days)).delete()
    for name, last in LiveStream.objects.filter(last_seq__gt=keep).values_list("name", "last_seq"):
        more, _ = LiveEvent.objects.filter(stream=name, seq__lte=last - keep).delete()
        deleted += more
    return deleted
