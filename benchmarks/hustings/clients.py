"""The load driver's audience, lean and in processes of their own (``load.py --client-processes``).

The clients share the machine's cores with Daphne, so what they spend on each message is taken
from the server being measured. Each socket here is the ``websockets`` package's protocol
without its asyncio layer (``ClientProtocol``: the handshake, framing, pings and closes are the
package's; only the reading loop is ours): bytes in, frames out, each text frame parsed as JSON
and handed to ``Audience.on_message`` in load.py, which checks every delivery exactly as before
(sequence order, gaps and resyncs, the arrival time of every approved question). Nothing is
skipped or sampled.

A child process runs a slice of the audience and talks to load.py in JSON lines: it prints
``{"connected": ...}`` once its slice is connected, ``{"done": qid}`` when every one of its
sockets has shown that question, and, after ``finish`` on its input, ``{"report": ...}``.
Arrival times are ``time.monotonic()``, one clock for every process on the machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

from websockets.client import ClientProtocol
from websockets.datastructures import Headers
from websockets.frames import Opcode
from websockets.http11 import Response
from websockets.typing import Origin
from websockets.uri import parse_uri


class LeanSocket(asyncio.Protocol):
    """One websocket: the same interface as load.Socket (``task``, ``close_code``, ``send``, ``close``)."""

    def __init__(self, uri: str, origin: str, cookie: str | None, on_message):
        loop = asyncio.get_running_loop()
        self.ws = ClientProtocol(parse_uri(uri), origin=Origin(origin), max_size=None)
        self.request = self.ws.connect()
        if cookie:
            self.request.headers = Headers([*self.request.headers.raw_items(), ("Cookie", cookie)])
        self.on_message, self.opened, self.task = on_message, loop.create_future(), loop.create_future()
        self.transport = None
        self.close_code = None

    @classmethod
    async def open(cls, host, port, path, session=None, on_message=None, keep=False, timeout=30.0):
        loop = asyncio.get_running_loop()
        cookie = f"sessionid={session}" if session else None
        factory = lambda: cls(f"ws://{host}:{port}{path}", f"http://{host}:{port}", cookie, on_message)  # noqa: E731
        _transport, sock = await asyncio.wait_for(loop.create_connection(factory, host, port), timeout)
        await asyncio.wait_for(asyncio.shield(sock.opened), timeout)
        return sock

    def connection_made(self, transport):
        self.transport = transport
        self.ws.send_request(self.request)
        self._flush()

    def data_received(self, data: bytes) -> None:
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Response):
                if self.ws.handshake_exc is not None:
                    self.opened.set_exception(ConnectionError(f"handshake refused: {self.ws.handshake_exc}"))
                else:
                    self.opened.set_result(True)
            elif event.opcode is Opcode.TEXT:
                if not event.fin:
                    raise ValueError("fragmented message: the server does not fragment")
                self.on_message(json.loads(event.data), time.monotonic())
        self._flush()

    def _flush(self) -> None:
        for data in self.ws.data_to_send():
            if data:
                self.transport.write(data)
            elif self.transport.can_write_eof():
                self.transport.write_eof()
        if self.ws.close_expected():
            self.transport.close()

    def connection_lost(self, exc) -> None:
        self.ws.receive_eof()
        self.close_code = self.ws.close_code or 1006
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"closed with {self.close_code} during the handshake"))
        if not self.task.done():
            self.task.set_result(None)

    def send(self, message: dict) -> None:
        self.ws.send_text(json.dumps(message).encode())
        self._flush()

    async def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.ws.send_close(1000)
            self._flush()
            try:
                await asyncio.wait_for(asyncio.shield(self.task), 5)
            except TimeoutError:
                self.transport.abort()


async def child(spec: dict) -> None:
    """Run one slice of the audience for load.py (see the module's docstring)."""
    import load

    out = sys.stdout
    audience = await load.open_audience(
        spec["data"], spec["ports"], spec["count"], spec["concurrency"], spec["attempts"],
        first=spec["first"], socket_class=LeanSocket, quiet=True,
    )  # fmt: skip
    connected = [m for m in audience if m.socket]
    times = os.times()
    line = {"connected": len(connected), "failed": len(audience) - len(connected), "cpu": times.user + times.system}
    out.write(json.dumps(line) + "\n")
    out.flush()
    shown: dict[int, int] = {}

    def arrived(qid: int) -> None:
        shown[qid] = shown.get(qid, 0) + 1
        if shown[qid] == len(connected):
            out.write(json.dumps({"done": qid}) + "\n")
            out.flush()

    for member in connected:
        member.on_arrival = arrived
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    await reader.readline()  # "finish"
    times = os.times()
    report = {
        "arrivals": [{str(q): t for q, t in m.arrivals.items()} for m in connected],
        "gaps": sum(m.gaps for m in audience),
        "cpu": times.user + times.system,
    }
    out.write(json.dumps({"report": report}) + "\n")
    out.flush()
    await asyncio.gather(*(m.socket.close() for m in connected), return_exceptions=True)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    with open(sys.argv[1]) as f:
        asyncio.run(child(json.load(f)))
