"""A live page over a real websocket (the ``websockets`` package), for tests against Daphne."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

WAIT = 20.0


class RealPage:
    def __init__(self, conn):
        self.conn = conn
        self.seen: list[dict] = []

    @classmethod
    async def open(cls, port: int, path: str, session_key: str | None = None, host: str = "127.0.0.1") -> RealPage:
        headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
        conn = await connect(
            f"ws://{host}:{port}{path}", origin=f"http://{host}:{port}", additional_headers=headers,
            compression=None, proxy=None, open_timeout=WAIT,
        )  # fmt: skip
        return cls(conn)

    async def next(self, timeout: float = WAIT) -> dict:
        try:
            message = json.loads(await asyncio.wait_for(self.conn.recv(), timeout))
        except ConnectionClosed as closed:
            message = {"type": "closed", "code": closed.rcvd.code if closed.rcvd else 1006}
        self.seen.append(message)
        return message

    async def until(self, predicate, timeout: float = WAIT) -> dict:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        for message in self.seen:
            if predicate(message):
                return message
        while True:
            message = await self.next(max(deadline - loop.time(), 0.01))
            if predicate(message):
                return message
            if message["type"] == "closed":
                raise AssertionError(f"closed with {message['code']} while waiting; saw {self.seen[-5:]}")

    async def closed(self, timeout: float = WAIT) -> int:
        message = await self.until(lambda m: m["type"] == "closed", timeout) if not self._closed() else self.seen[-1]
        return message["code"]

    def _closed(self) -> bool:
        return bool(self.seen) and self.seen[-1]["type"] == "closed"

    async def send(self, message: dict) -> None:
        await self.conn.send(json.dumps(message))

    async def close(self) -> None:
        await self.conn.close()
