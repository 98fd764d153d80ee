"""Base websocket consumer for live pages: authenticate, join streams, relay, resync.

Subclasses decide which streams a connection may join (by role), what a snapshot of a stream
looks like, and which client actions they accept (each handed to a service). Every inbound
message is size-checked and validated; a bad one gets an ``error`` reply naming the problem and
the connection stays open.
"""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from elections import realtime

CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


class StreamConsumer(AsyncJsonWebsocketConsumer):
    streams: list[str]

    # --- for subclasses -------------------------------------------------------------------
    async def allowed_streams(self) -> list[str] | None:
        """Streams this connection may receive, or None to refuse it (closed with 4403)."""
        raise NotImplementedError

    def snapshot(self, stream: str) -> dict:
        """The full current state of a stream, for a client that cannot catch up (sync, DB)."""
        raise NotImplementedError

    def actions(self) -> dict:
        """Client message types this connection may send -> async handler(content)."""
        return {}

    # --- plumbing ---------------------------------------------------------------------------
    async def connect(self) -> None:
        streams = await self.allowed_streams()
        if streams is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.streams = streams
        for stream in streams:
            await self.channel_layer.group_add(realtime.group_name(stream), self.channel_name)
        await self.accept()
        for stream in streams:
            await self.send_snapshot(stream)

    async def disconnect(self, code) -> None:
        for stream in getattr(self, "streams", []):
            await self.channel_layer.group_discard(realtime.group_name(stream), self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        if bytes_data is not None:
            await self.send_error("binary frames are not accepted; send JSON text")
            return
        if len(text_data.encode("utf-8")) > settings.WEBSOCKET_MAX_MESSAGE_BYTES:
            await self.send_error(f"message too large (limit {settings.WEBSOCKET_MAX_MESSAGE_BYTES} bytes)")
            return
        try:
            content = json.loads(text_data)
        except json.JSONDecodeError as exc:
            await self.send_error(f"not valid JSON: {exc.msg} at position {exc.pos}")
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_error("each message must be a JSON object with a string 'type'")
            return
        kind = content["type"]
        if kind == "resync":
            await self.resync(content)
            return
        handler = self.actions().get(kind)
        if handler is None:
            await self.send_error(f"unknown or not permitted message type {kind!r}", ref=content.get("ref"))
            return
        await handler(content)

    async def resync(self, content: dict) -> None:
        stream, since = content.get("stream"), content.get("since")
        if stream not in self.streams:
            await self.send_error(f"not subscribed to stream {stream!r}", ref=content.get("ref"))
            return
        if not isinstance(since, int) or isinstance(since, bool) or since < 0:
            await self.send_error("'since' must be a non-negative whole number", ref=content.get("ref"))
            return
        missed = await database_sync_to_async(realtime.events_since)(stream, since)
        if missed is None:
            await self.send_snapshot(stream)
            return
        for event in missed:
            await self.send_json(event)

    async def send_snapshot(self, stream: str) -> None:
        def build():
            seq = realtime.last_seq(stream)
            return {"type": "snapshot", "stream": stream, "seq": seq, "state": self.snapshot(stream)}

        await self.send_json(await database_sync_to_async(build)())

    async def send_error(self, message: str, ref=None) -> None:
        reply = {"type": "error", "error": message}
        if ref is not None:
            reply["ref"] = ref
        await self.send_json(reply)

    async def live_event(self, message: dict) -> None:
        await self.send_json(message["event"])
