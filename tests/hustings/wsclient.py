"""A minimal asyncio websocket client (RFC 6455, text frames) for talking to real Daphne
processes in tests and in the load driver (benchmarks/hustings/load.py).

Written here because no websocket client library is among the pinned dependencies, and
autobahn's asyncio flavour cannot be loaded beside Daphne's Twisted one in the same process.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import struct
import time

TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class Socket:
    """One connection: ``send(dict)``, ``recv()``, ``until(predicate)``, ``close()``.

    ``on_message(message, arrival)`` (if given) is called as each message arrives, with the
    ``time.perf_counter()`` of its arrival, so a load driver can time arrivals.
    """

    def __init__(self, reader, writer, on_message=None, keep=True):
        self.reader, self.writer = reader, writer
        self.on_message, self.keep = on_message, keep
        self.queue: asyncio.Queue = asyncio.Queue()
        self.close_code = None
        self.task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def open(cls, host, port, path, session=None, on_message=None, keep=True, timeout=10.0):
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket", "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", f"Origin: http://{host}:{port}",
        ]  # fmt: skip
        if session:
            lines.append(f"Cookie: sessionid={session}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = head.split(b"\r\n", 1)[0].decode()
        if " 101 " not in status:
            writer.close()
            raise ConnectionError(f"websocket refused: {status}")
        return cls(reader, writer, on_message, keep)

    async def _read(self):
        try:
            while True:
                opcode, payload = await self._frame()
                if opcode == TEXT:
                    message = json.loads(payload)
                    if self.on_message:
                        self.on_message(message, time.perf_counter())
                    if self.keep:
                        self.queue.put_nowait(message)
                elif opcode == PING:
                    self._write(PONG, payload)
                elif opcode == CLOSE:
                    self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.queue.put_nowait(None)

    async def _frame(self):
        """One whole message (continuation frames joined)."""
        chunks, first_opcode = [], None
        while True:
            b1, b2 = await self.reader.readexactly(2)
            opcode, length = b1 & 0x0F, b2 & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", await self.reader.readexactly(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
            data = await self.reader.readexactly(length)
            if opcode >= 0x8:
                return opcode, data
            first_opcode = first_opcode or opcode
            chunks.append(data)
            if b1 & 0x80:
                return first_opcode, b"".join(chunks)

    def _write(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(header + mask + masked)

    def send(self, message: dict) -> None:
        self._write(TEXT, json.dumps(message).encode("utf-8"))

    async def recv(self, timeout: float = 5) -> dict | None:
        return await asyncio.wait_for(self.queue.get(), timeout)

    async def until(self, predicate, timeout: float = 5) -> dict:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            message = await self.recv(max(deadline - loop.time(), 0.001))
            if message is None:
                raise ConnectionError(f"closed with code {self.close_code} while waiting")
            if predicate(message):
                return message

    async def close(self) -> None:
        try:
            self._write(CLOSE, struct.pack("!H", 1000))
            await self.writer.drain()
            await asyncio.wait_for(self.task, 2)
        except (TimeoutError, ConnectionError):
            self.task.cancel()
        finally:
            self.writer.close()
