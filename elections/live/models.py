"""What the live package keeps in the database: each stream's counter, its recent events, and who
is present on which page. Registered with the ``elections`` app (imported by elections/models.py).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class LiveEvent(models.Model):
    """One event sent to live pages, kept so a process or client that missed it can catch up.

    ``stream`` names an audience (e.g. ``hustings-4``); ``seq`` counts up from 1 within it. Written
    only by ``elections.live.publish`` inside the transaction that made the change; pruned by
    ``manage.py prune_live_events`` (and hourly by each live process).
    """

    stream = models.CharField(max_length=80)
    seq = models.PositiveBigIntegerField("sequence number")
    type = models.CharField(max_length=60)
    payload = models.JSONField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "elections"
        ordering = ["stream", "seq"]
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="live_event_seq_unique")]
        indexes = [models.Index(fields=["created"], name="live_event_created")]

    def __str__(self) -> str:
        return f"{self.stream} #{self.seq}: {self.type}"


class LiveStream(models.Model):
    """The last sequence number used in a stream (its row is locked while the next is taken).

    Never deleted, even when its events are pruned: numbering must not start again at 1.
    """

    name = models.CharField(max_length=80, primary_key=True)
    last_seq = models.PositiveBigIntegerField("last sequence number", default=0)

    class Meta:
        app_label = "elections"

    def __str__(self) -> str:
        return f"{self.name} (last event {self.last_seq})"


class LivePresence(models.Model):
    """One person with a live page open on one process, for one topic (e.g. a hustings).

    Each process writes its own rows in batches and renews ``seen`` on a heartbeat; rows not seen
    for ``LIVE_PRESENCE_TTL_SECONDS`` belong to a process that died and no longer count.
    """

    process = models.CharField(max_length=40)
    topic = models.CharField(max_length=80)
    user_id = models.BigIntegerField()
    seen = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "elections"
        constraints = [
            models.UniqueConstraint(fields=["process", "topic", "user_id"], name="live_presence_once_per_process")
        ]
        indexes = [models.Index(fields=["topic", "seen"], name="live_presence_topic_seen")]

    def __str__(self) -> str:
        return f"user {self.user_id} on {self.topic} (process {self.process})"
