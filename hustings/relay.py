"""One subscription per stream per process, fanned out to that process's hustings sockets.

A hustings' public stream may have thousands of listeners on one process. Joining each socket to
the stream's Channels group would have the channel layer carry one copy of every event per socket
(and Channels hop to the database thread before handling each one). Instead each process (each
event loop) joins the group once, on its own channel, receives each event once, encodes it once,
and writes it to every local socket that follows the stream. Events still come only from
``elections.realtime.publish``; this is only the receiving end.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict

from elections import realtime

log = logging.getLogger(__name__)
_relays: dict[int, Relay] = {}


def relay_for(layer) -> Relay:
    loop = asyncio.get_running_loop()
    relay = _relays.get(id(loop))
    if relay is None or relay.loop is not loop or relay.layer is not layer:
        relay = _relays[id(loop)] = Relay(layer, loop)
    return relay


class Relay:
    def __init__(self, layer, loop):
        self.layer, self.loop = layer, loop
        self.followers: dict[str, set] = defaultdict(set)
        self.channel: str | None = None
        self.task: asyncio.Task | None = None
        self.lock = asyncio.Lock()

    async def follow(self, stream: str, consumer) -> None:
        async with self.lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel()
                self.task = self.loop.create_task(self._pump())
            # Joining again refreshes the membership, so a long-running process never expires from the group.
            await self.layer.group_add(realtime.group_name(stream), self.channel)
            self.followers[stream].add(consumer)

    async def unfollow(self, stream: str, consumer) -> None:
        async with self.lock:
            followers = self.followers.get(stream)
            if followers is None:
                return
            followers.discard(consumer)
            if not followers and self.channel is not None:
                del self.followers[stream]
                await self.layer.group_discard(realtime.group_name(stream), self.channel)

    async def _pump(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
                event = message["event"]
                followers = list(self.followers.get(event["stream"], ()))
                text = json.dumps(event) if followers else ""
            except asyncio.CancelledError:
                raise
            except Exception:  # a malformed message must not stop delivery of the next one
                log.exception("hustings relay: could not read an event")
                continue
            for consumer in followers:
                try:
                    await consumer.deliver(text)
                except asyncio.CancelledError:
                    raise
                except Exception:  # one closing socket must not cost everyone else the event
                    log.warning("hustings relay: could not deliver %s to one socket", event.get("seq"), exc_info=True)
