"""Who is here: distinct people with a live page open on a topic, across every process.

Each process counts its own sockets in memory and writes the difference to ``LivePresence`` in
one batch per ``LIVE_PRESENCE_SECONDS`` (joins and leaves never touch the database themselves,
and never lock an application row such as the hustings). A heartbeat renews the process's rows;
rows not renewed within ``LIVE_PRESENCE_TTL_SECONDS`` (a killed process) stop counting and are
deleted by whichever process flushes next. After each flush the process publishes the topic's
count when it differs from the last one published on it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from elections.live.models import LivePresence

EVENT = "presence"


def ttl() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LIVE_PRESENCE_TTL_SECONDS)


def present_count(topic: str, now=None) -> int:
    """Distinct people present on ``topic`` on any live process."""
    fresh = (now or timezone.now()) - ttl()
    return LivePresence.objects.filter(topic=topic, seen__gte=fresh).values("user_id").distinct().count()


class Book:
    """One process's sockets per topic and person, and what the database has been told."""

    def __init__(self, process: str):
        self.process = process
        self.here: dict[str, Counter] = defaultdict(Counter)
        self.written: dict[str, set[int]] = defaultdict(set)
        self.last_beat = None

    def arrive(self, topic: str, user_id: int) -> None:
        self.here[topic][user_id] += 1

    def depart(self, topic: str, user_id: int) -> None:
        self.here[topic][user_id] -= 1
        if self.here[topic][user_id] <= 0:
            del self.here[topic][user_id]

    def changes(self) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        added, removed = [], []
        for topic in set(self.here) | set(self.written):
            now_here, told = set(self.here.get(topic, ())), self.written.get(topic, set())
            added += [(topic, u) for u in now_here - told]
            removed += [(topic, u) for u in told - now_here]
        return added, removed

    def flush(self, last_published: dict[str, int | None], publish) -> dict[str, int]:
        """Write the changes, renew the heartbeat, reap dead processes' rows, publish new counts.

        Sync (database). ``last_published`` maps topic -> the last count seen on its stream;
        ``publish(topic, count)`` is called inside a transaction for each count that differs.
        """
        now = timezone.now()
        added, removed = self.changes()
        if added:
            LivePresence.objects.bulk_create(
                [LivePresence(process=self.process, topic=t, user_id=u, seen=now) for t, u in added],
                ignore_conflicts=True,
                batch_size=500,
            )
        for topic, user_id in removed:
            LivePresence.objects.filter(process=self.process, topic=topic, user_id=user_id).delete()
        for topic, user_id in added:
            self.written[topic].add(user_id)
        for topic, user_id in removed:
            self.written[topic].discard(user_id)
        beat = dt.timedelta(seconds=settings.LIVE_PRESENCE_HEARTBEAT_SECONDS)
        if self.last_beat is None or now - self.last_beat >= beat:
            LivePresence.objects.filter(process=self.process).update(seen=now)
            LivePresence.objects.filter(seen__lt=now - ttl()).delete()
            self.last_beat = now
        counts = {}
        for topic in [t for t in set(self.written) | set(last_published) if t in last_published]:
            counts[topic] = present_count(topic, now)
            if counts[topic] != last_published[topic]:
                with transaction.atomic():
                    publish(topic, counts[topic])
        for topic in [t for t, users in self.written.items() if not users]:
            del self.written[topic]
        return counts

    def forget_all(self) -> None:
        """Remove every row of this process (it is stopping)."""
        LivePresence.objects.filter(process=self.process).delete()
        self.written.clear()
