"""The fan-out's fast path (elections/live/wire.py) reaches into Daphne, autobahn and Twisted.

These tests fail if any internal it relies on changes: the pinned versions, Daphne's ``send``
(a partial of ``Server.handle_reply`` over the protocol), autobahn's prepared messages, and
Twisted's outgoing buffer (written at once when empty, queued behind what waits otherwise).
"""

import asyncio
import contextlib
import inspect
import re
import socket
import tomllib
from collections import deque
from importlib.metadata import version

import pytest
from autobahn.websocket.protocol import WebSocketProtocol as AutobahnProtocol
from daphne.server import Server
from daphne.ws_protocol import WebSocketFactory, WebSocketProtocol
from twisted.internet import tcp

from elections.live import wire
from tests.servers import ROOT


def test_the_versions_it_was_written_for_are_installed_and_pinned():
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = {m[1].lower(): m[2] for m in (re.match(r"([A-Za-z.-]+)==(\S+)", p) for p in pins) if m}
    for name, known in wire.KNOWN.items():
        assert version(name) == known
        assert pinned[name] == known


def test_daphne_hands_the_application_a_send_the_fast_path_recognises():
    seen = {}

    async def app(scope, receive, send):
        seen["send"] = send

    async def scenario():
        server = Server(application=app, endpoints=["tcp:port=0:interface=127.0.0.1"])  # never run: no listening
        server.connections = {}
        protocol = WebSocketProtocol()
        server.connections[protocol] = {}
        server.create_application(protocol, {"type": "websocket"})
        await server.connections[protocol]["application_instance"]
        return protocol

    protocol = asyncio.run(scenario())
    assert seen["send"].args == (protocol,)
    assert wire.writer(seen["send"]) is not None
    assert wire.writer(lambda message: None) is None  # anything else goes through ASGI


def test_autobahn_frames_a_prepared_text_message_as_one_unmasked_frame():
    factory = WebSocketFactory(None)
    prepared = wire.Frame('{"seq": 1}').prepared(type("P", (), {"factory": factory})())
    assert prepared.payloadHybi == b"\x81\x0a" + b'{"seq": 1}'  # FIN + text opcode, unmasked, length 10
    # what the fast path checks before writing, set by autobahn when a connection is made
    made = inspect.getsource(AutobahnProtocol._connectionMade)
    assert "self._perMessageCompress = None" in made and "self.send_queue = deque()" in made


class Reactor:
    """Just enough of a reactor for a Twisted connection that is never run: who wants to write."""

    def __init__(self):
        self.writers = set()

    def addReader(self, reader):
        pass

    def removeReader(self, reader):
        pass

    def addWriter(self, writer):
        self.writers.add(writer)

    def removeWriter(self, writer):
        self.writers.discard(writer)


@pytest.fixture
def connection():
    """A real TCP connection: a Twisted server-side transport on one end, a plain socket on the other."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        accepted, address = listener.accept()
    reactor = Reactor()
    transport = tcp.Server(accepted, None, address, None, 1, reactor)
    protocol = WebSocketProtocol()
    protocol.factory, protocol.transport, protocol.state = WebSocketFactory(None), transport, protocol.STATE_OPEN
    protocol._perMessageCompress, protocol.send_queue = None, deque()
    yield protocol, transport, reactor, client
    client.close()
    accepted.close()


def received(client, size):
    client.settimeout(10)
    data = b""
    while len(data) < size:
        data += client.recv(size - len(data))
    return data


def test_an_empty_buffer_is_written_at_once_without_registering_a_writer(connection):
    protocol, _transport, reactor, client = connection
    frame = wire.Frame("hello")
    assert wire._write(protocol, tcp.Server, frame) is True
    assert reactor.writers == set()
    assert received(client, 7) == b"\x81\x05hello"


def test_a_frame_waits_behind_data_already_buffered_so_order_is_kept(connection):
    protocol, transport, reactor, client = connection
    transport.write(b"\x81\x05first")  # buffered by Twisted: the reactor never runs here
    assert wire._write(protocol, tcp.Server, wire.Frame("second")) is True
    assert reactor.writers == {transport}
    assert transport._tempDataLen == 7 + 8
    transport.doWrite()  # what the reactor does when the socket can be written
    assert received(client, 15) == b"\x81\x05first\x81\x06second"


def test_a_closing_or_compressed_socket_is_left_to_asgi(connection):
    protocol = connection[0]
    protocol._perMessageCompress = object()
    assert wire._write(protocol, tcp.Server, wire.Frame("x")) is False
    protocol._perMessageCompress, protocol.state = None, protocol.STATE_CLOSING
    assert wire._write(protocol, tcp.Server, wire.Frame("x")) is False


def test_a_slow_reader_is_buffered_by_twisted_and_gets_every_frame_in_order(connection):
    protocol, transport, reactor, client = connection
    frames = [wire.Frame(f"{i:06d}" + "x" * 2000) for i in range(2000)]  # 4 MB: more than the kernel holds
    for frame in frames:
        assert wire._write(protocol, tcp.Server, frame) is True
    assert reactor.writers == {transport}  # the rest waits in Twisted's buffer, as on the ASGI path
    expected = b"".join(b"\x81\x7e\x07\xd6" + frame.text.encode() for frame in frames)  # 126: 16-bit length 2006
    got = bytearray()
    client.settimeout(0.01)
    for _ in range(100_000):
        if len(got) >= len(expected):
            break
        transport.doWrite()  # what the reactor does each time the socket can take more
        with contextlib.suppress(TimeoutError):
            got += client.recv(1 << 20)
    assert bytes(got) == expected
    assert reactor.writers == set()
