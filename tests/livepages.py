"""Talking to live pages in tests, in process (channels' communicator) or over a real socket.

Every wait here is for an event, with a generous deadline (the suite must pass on a busy
machine); absence is asserted only after a later event that would have followed it.
"""

from __future__ import annotations

import asyncio
import json

from channels.testing import WebsocketCommunicator

WAIT = 20.0  # seconds: a deadline for something that must happen, never a pause


class Page:
    """One in-process connection to a live page (``elections.live.asgi`` routes, no HTTP)."""

    def __init__(self, app, path: str, *, user=None, session_key=None, origin="http://testserver"):
        headers = [(b"host", b"testserver")]
        if origin:
            headers.append((b"origin", origin.encode()))
        if session_key:
            headers.append((b"cookie", f"sessionid={session_key}".encode()))
        self.comm = WebsocketCommunicator(app, path, headers=headers)
        if user is not None:
            self.comm.scope["user"] = user
        self.seen: list[dict] = []
        self.close_code: int | None = None

    async def open(self) -> Page:
        await self.comm.send_input({"type": "websocket.connect"})
        first = await self._next(WAIT)
        assert first["type"] == "websocket.accept", first
        return self

    async def _next(self, timeout: float) -> dict:
        return await asyncio.wait_for(self.comm.output_queue.get(), timeout)

    async def next(self, timeout: float = WAIT) -> dict:
        """The next message from the server; a close is ``{"type": "closed", "code": ...}``."""
        if self.close_code is not None:
            raise AssertionError(f"the socket is closed ({self.close_code})")
        out = await self._next(timeout)
        if out["type"] == "websocket.close":
            self.close_code = out.get("code", 1000)
            message = {"type": "closed", "code": self.close_code}
        else:
            message = json.loads(out["text"])
        self.seen.append(message)
        return message

    async def until(self, predicate, timeout: float = WAIT) -> dict:
        """Wait for the first message matching ``predicate`` (earlier ones stay in ``seen``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            message = await self.next(max(deadline - loop.time(), 0.01))
            if predicate(message):
                return message
            if message["type"] == "closed":
                raise AssertionError(f"closed with {message['code']} while waiting; saw {self.seen}")

    async def got(self, predicate, timeout: float = WAIT) -> dict:
        """A message matching ``predicate``, already received or still to come."""
        for message in self.seen:
            if predicate(message):
                return message
        return await self.until(predicate, timeout)

    async def welcome(self) -> dict:
        return await self.until(lambda m: m["type"] == "welcome")

    async def closed(self, timeout: float = WAIT) -> tuple[int, list[dict]]:
        """Wait for the server to close: (code, messages it sent before closing)."""
        start = len(self.seen)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.close_code is None:
            await self.next(max(deadline - loop.time(), 0.01))
        return self.close_code, self.seen[start:-1]

    async def send(self, message: dict) -> None:
        await self.comm.send_to(text_data=json.dumps(message))

    async def send_text(self, text: str) -> None:
        await self.comm.send_to(text_data=text)

    async def reply(self, message: dict, ref="r1", timeout: float = WAIT) -> dict:
        """Send a message and wait for its ack or error."""
        await self.send({"ref": ref, **message})
        return await self.until(lambda m: m["type"] in ("ack", "error") and m.get("ref") == ref, timeout)

    async def close(self) -> None:
        """Disconnect and let the server finish its clean-up (presence, following)."""
        if not self.comm.future.done():
            await self.comm.send_input({"type": "websocket.disconnect", "code": 1000})
            await asyncio.wait_for(asyncio.shield(self.comm.future), WAIT)

    def of_stream(self, stream: str) -> list[dict]:
        return [m for m in self.seen if m.get("stream") == stream]


def app():
    """The whole websocket stack as Daphne runs it."""
    from config.routing import websocket_urlpatterns
    from elections.live.asgi import websocket_app

    return websocket_app(websocket_urlpatterns)
