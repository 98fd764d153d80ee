"""The fan-out's fast path to the socket: the one place that reaches past ASGI into Daphne.

Profiled under a crowd (benchmarks/hustings/README.md), sending one event to each socket through
ASGI cost 0.2 ms of Daphne's CPU per socket: Daphne's ``handle_reply``, autobahn framing the same
text again for every socket, and Twisted registering each socket with the event loop as a writer
and then writing from a callback on the next turn of the loop. Here an event is framed once per
process (autobahn's documented ``prepareMessage``, for broadcast) and, when nothing is waiting
in a socket's outgoing buffer, written to the socket at once; otherwise it goes behind what is
waiting, through Twisted's own ``write``, so order is kept and a slow reader is buffered exactly
as before (Twisted's buffer, which the ASGI path uses too).

The seam is narrow and pinned: it is used only when the ASGI ``send`` is Daphne's
(``functools.partial(Server.handle_reply, protocol)``), the socket is open, uncompressed and
plain TCP, and Daphne, autobahn and Twisted are the versions below (pinned in pyproject.toml);
otherwise ``writer`` returns None and the page uses ASGI as usual. tests/elections/
test_live_wire.py fails if any of these internals changes.
"""

from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)

# The versions whose internals this module was written against (and tests check).
KNOWN = {"daphne": "4.2.3", "autobahn": "26.11.1", "twisted": "26.10.0"}


class Frame:
    """One event: its text (for the ASGI path) and, made on first use, its WebSocket frame."""

    __slots__ = ("_prepared", "text")

    def __init__(self, text: str):
        self.text = text
        self._prepared = None

    def prepared(self, protocol):
        """autobahn's PreparedMessage (a server's frames are unmasked: one fits every socket)."""
        if self._prepared is None:
            self._prepared = protocol.factory.prepareMessage(self.text.encode("utf-8"))
        return self._prepared


def _versions_match() -> bool:
    try:
        import autobahn
        import daphne
        import twisted
    except ImportError:
        return False
    found = {"daphne": daphne.__version__, "autobahn": autobahn.__version__, "twisted": twisted.__version__}
    if found != KNOWN:
        log.warning("live: fast socket writes are off: %s found, written for %s", found, KNOWN)
        return False
    return True


@functools.cache
def _internals():
    """(Daphne's Server.handle_reply, its WebSocketProtocol, Twisted's tcp.Server), or None."""
    if not _versions_match():
        return None
    try:
        from daphne.server import Server
        from daphne.ws_protocol import WebSocketProtocol
        from twisted.internet.tcp import Server as TCPServer
    except ImportError:
        return None
    return Server.handle_reply, WebSocketProtocol, TCPServer


def writer(send):
    """A function ``write(frame) -> bool`` that writes straight to this socket, or None.

    ``write`` returns False when the socket cannot take the fast path now (closing, compressed,
    or autobahn has queued data): the caller then sends ``frame.text`` through ASGI.
    """
    known = _internals()
    if known is None or not isinstance(send, functools.partial) or not send.args:
        return None
    handle_reply, protocol_class, tcp_server = known
    protocol = send.args[0]
    if getattr(send.func, "__func__", None) is not handle_reply or not isinstance(protocol, protocol_class):
        return None
    return functools.partial(_write, protocol, tcp_server)


def _write(protocol, tcp_server, frame: Frame) -> bool:
    if protocol.state != protocol.STATE_OPEN or protocol._perMessageCompress is not None or protocol.send_queue:
        return False
    transport = protocol.transport
    if type(transport) is not tcp_server:  # TLS, or a wrapper: let autobahn write the frame
        protocol.sendPreparedMessage(frame.prepared(protocol))
        return True
    data = frame.prepared(protocol).payloadHybi
    if not transport.connected or transport._writeDisconnected:
        return True  # Twisted's own write would drop it too: the connection is gone
    if transport.disconnecting or transport.dataBuffer or transport._tempDataLen:
        transport.write(data)  # behind what is waiting: order kept, buffered as before
        return True
    try:
        sent = transport.getHandle().send(data)
    except OSError:  # full (EAGAIN), or reset: Twisted's own write buffers it or closes the connection
        sent = 0
    if sent < len(data):
        transport.write(data[sent:])
    return True
