"""The live package's only contact with the message bus (today: the Channels layer).

Two directions, both narrow: ``send`` and ``send_control`` hand a committed event or a control
message to every live process; a ``Subscription`` is one process's receiving end (one channel
per process, joined to one group per *topic* its sockets follow: a hustings is one group, not
one per person's stream, so a crowd joining costs no bus traffic after the first socket; each
process keeps only the events of streams it follows). Swapping the bus (another broker, a
separate real-time service) means rewriting this module only.
Delivery here is best effort: each process also reconciles with the store (relay.py), so a
message the bus drops is late, never lost.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)
_GROUP_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
CONTROL_GROUP = "live.control"
SEND_WAIT_SECONDS = 10.0  # a send handed to a busy loop; past this the store's reconciliation delivers it


def group_name(topic: str) -> str:
    """The bus group for a topic (Channels allows only a few characters, fewer than 100)."""
    return "live." + _GROUP_UNSAFE.sub("_", topic)[:90]


def send(event: dict) -> None:
    """Send a committed event to every process following its topic (called after commit)."""
    _group_send(group_name(event["stream"].split("/", 1)[0]), {"type": "live.event", "event": event})


def send_control(message: dict) -> None:
    """Tell every live process something (e.g. re-check who may stay connected)."""
    _group_send(CONTROL_GROUP, {"type": "live.control", "control": message})


def _group_send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        loop = _serving_loop()
        if loop is None:
            async_to_sync(layer.group_send)(group, message)
        else:
            # A worker thread of a running loop (a view, a consumer's database work): the send is
            # handed to that loop and waited for a bounded time. asgiref's async_to_sync would wait
            # for ever if the loop cancelled the send before it started, as a closing loop does
            # (it cancels every task, then waits for its worker threads: each would wait for the other).
            asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop).result(SEND_WAIT_SECONDS)
    except Exception:  # the change is committed; the processes' reconciliation will deliver it
        log.exception("live: could not hand a message to the channel layer")


def _serving_loop():
    """The running event loop whose worker thread this is (asgiref's sync_to_async records it), or None."""
    try:
        asyncio.get_running_loop()
        return None  # in the loop's own thread: async_to_sync refuses, with its own clear error
    except RuntimeError:
        pass
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None  # none recorded, or recorded before this process forked
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


class Subscription:
    """One process's receiving end: a channel of its own, joined to groups as streams are followed."""

    def __init__(self):
        self.layer = get_channel_layer()
        self.channel: str | None = None

    async def open(self) -> None:
        if self.layer is not None:
            self.channel = await self.layer.new_channel()
            await self.layer.group_add(CONTROL_GROUP, self.channel)

    async def follow(self, topic: str) -> None:
        if self.channel:
            await self.layer.group_add(group_name(topic), self.channel)

    async def unfollow(self, topic: str) -> None:
        if self.channel:
            await self.layer.group_discard(group_name(topic), self.channel)

    async def renew(self, topics) -> None:
        """Join again, so a long-running process never expires from its groups."""
        if self.channel:
            await self.layer.group_add(CONTROL_GROUP, self.channel)
            for topic in topics:
                await self.layer.group_add(group_name(topic), self.channel)

    async def receive(self) -> dict:
        """The next message: ``{"type": "live.event", "event": ...}`` or ``{"type": "live.control", ...}``."""
        return await self.layer.receive(self.channel)

    async def close(self, topics) -> None:
        if self.channel:
            for topic in topics:
                await self.layer.group_discard(group_name(topic), self.channel)
            await self.layer.group_discard(CONTROL_GROUP, self.channel)
