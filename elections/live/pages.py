"""The server side of a live page: one websocket consumer class per kind of page.

A page subclasses ``LivePage`` and says four things, all plain synchronous Django code that the
package runs in worker threads, for many sockets at once:

- ``topic(kwargs)``: what the sockets of one page instance share (e.g. ``hustings-4``);
- ``authorise(kwargs, users)``: for each user, an ``Access`` (streams, permitted actions,
  presence) or a ``Refusal`` (close code and reason). Called when sockets join, before every
  action, and every ``LIVE_RECHECK_SECONDS`` for every connected socket, so access follows the
  person: a role removed, a lapsed membership or a logout closes the socket within seconds;
- ``snapshots(kwargs, streams)``: the full current state of each stream;
- ``actions``: client message types -> names of methods ``(self, user, content) -> dict|None``
  that check the message's shape and call a service (the reply is an ``ack`` with the dict).

Everything else (handshakes, frame limits and validation, sequence numbers, resync, presence,
errors) is done here the same way for every page; docs/live-protocol.md describes it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import time
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, OperationalError

from elections import refusals
from elections.live import identity, wire
from elections.live.relay import relay

log = logging.getLogger(__name__)

CLOSE_SIGNED_OUT = 4401  # not signed in, or the session ended: the page stops and says so
CLOSE_FORBIDDEN = 4403  # not permitted (the reason is sent first): the page stops
CLOSE_NOT_FOUND = 4404  # no such page: the page stops
CLOSE_ACCESS_CHANGED = 4409  # the person's role changed: the page reconnects at once
CLOSE_TOO_MANY = 4429  # far over the message limit: the page reconnects after a pause
CLOSE_TRY_LATER = 1013  # this process is overloaded: the page reconnects after a pause
MAX_DEPTH = 16
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TRANSIENT = {"40P01", "40001"}  # PostgreSQL: deadlock detected, serialization failure
_background: set = set()


@dataclass(frozen=True)
class Access:
    """What one person may do on one page: the streams they receive and the messages they may send."""

    streams: tuple[str, ...]
    actions: frozenset[str] = frozenset()
    presence: str | None = None  # count this person as present on this stream's topic
    welcome: dict = field(default_factory=dict, compare=False, hash=False)
    role: str = ""


@dataclass(frozen=True)
class Refusal:
    reason: str
    code: int = CLOSE_FORBIDDEN


class Refused(Exception):
    """Raised by an action method for a refusal that is not a ValidationError or PermissionDenied."""


class _Revoked(Exception):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.reason)
        self.refusal = refusal


def transient(exc: Exception) -> bool:
    """A database failure that is worth retrying: a deadlock, a serialization failure, a busy SQLite."""
    if not isinstance(exc, OperationalError):
        return False
    message = str(exc)  # SQLite: "database is locked", or "database table is locked" (shared cache)
    return getattr(exc.__cause__, "sqlstate", None) in _TRANSIENT or ("database" in message and "is locked" in message)


class LivePage:
    actions: dict[str, str] = {}

    # --- what a page says about itself (sync, in worker threads) ----------------------------
    @classmethod
    def topic(cls, kwargs: dict) -> str:
        raise NotImplementedError

    @classmethod
    def authorise(cls, kwargs: dict, users: list) -> dict:
        raise NotImplementedError

    @classmethod
    def snapshots(cls, kwargs: dict, streams: list[str]) -> dict[str, dict]:
        raise NotImplementedError

    @classmethod
    def signed_out(cls) -> Refusal:
        return Refusal("Sign in to follow this page live.", CLOSE_SIGNED_OUT)

    # --- ASGI ------------------------------------------------------------------------------
    @classmethod
    def as_asgi(cls):
        async def app(scope, receive, send):
            await cls(scope, send).run(receive)

        app.page_class = cls
        return app

    def __init__(self, scope, send):
        self.scope, self._send = scope, send
        self._write = wire.writer(send)  # events straight to the socket under Daphne, or None
        self.page = type(self)
        self.kwargs = dict(scope.get("url_route", {}).get("kwargs", {}))
        user = scope.get("user")
        if scope.get("session_key"):
            self.claim = identity.Claim(session_key=scope["session_key"])
        elif getattr(user, "is_authenticated", False):
            self.claim = identity.Claim(user_id=user.pk)
        else:
            self.claim = identity.Claim()
        self.user = None
        self.access: Access | None = None
        self.floors: dict[str, int] = {}
        self.held: list | None = []
        # When the relay last checked this person's access; spread at random so that a crowd that
        # arrived together is not re-checked all in the same second.
        self.checked_at = time.monotonic() - random.random() * settings.LIVE_RECHECK_SECONDS
        self.closed = False
        self._window, self._frames = time.monotonic(), 0
        self._resyncs: list[float] = []

    async def run(self, receive) -> None:
        message = await receive()
        if message["type"] != "websocket.connect":
            return
        # Accept at once (no database work before it), so a crowd arriving together is never
        # dropped by the server's handshake timeout; refusals are then closes with a code.
        await self._send({"type": "websocket.accept"})
        hub = relay()
        try:
            if await self._join(hub):
                while True:
                    message = await receive()
                    if message["type"] == "websocket.disconnect":
                        break
                    if message["type"] == "websocket.receive" and not self.closed:
                        await self._frame(message)
        finally:
            self.closed = True
            await hub.detach(self)

    async def _join(self, hub) -> bool:
        if hub.queue_length() >= settings.LIVE_JOIN_QUEUE_LIMIT:
            await self.close(CLOSE_TRY_LATER, "The server is busy; your page will reconnect in a moment.")
            return False
        try:
            self.user, decision = await hub.authorise(self.page, self.kwargs, self.claim)
        except Exception:
            log.exception("live: could not authorise a socket")
            await self.close(CLOSE_TRY_LATER, "The server could not check your access; your page will reconnect.")
            return False
        if isinstance(decision, Refusal):
            await self.close(decision.code, decision.reason)
            return False
        self.access = decision
        try:
            await hub.attach(self, decision)
        except Exception:
            log.exception("live: could not send a joining socket its snapshots")
            await self.close(CLOSE_TRY_LATER, "The server could not load this page's live state; reconnecting.")
            return False
        welcome = {"type": "welcome", "user": self.user.pk, "actions": sorted(decision.actions), **decision.welcome}
        await self.send_json(welcome)
        held, self.held = self.held, None
        for name, seq, frame in held or ():  # what arrived meanwhile, less what the snapshots covered
            if seq > self.floors.get(name, 0):
                self.floors[name] = seq
                await self.send_frame(frame)
        return True

    # --- sending -----------------------------------------------------------------------------
    async def send_text(self, text: str) -> None:
        if not self.closed:
            await self._send({"type": "websocket.send", "text": text})

    async def send_json(self, message: dict) -> None:
        await self.send_text(json.dumps(message))

    async def send_frame(self, frame: wire.Frame) -> None:
        """One event, framed once per process: straight to the socket when it can (wire.py), else ASGI."""
        if not self.closed and (self._write is None or not self._write(frame)):
            await self._send({"type": "websocket.send", "text": frame.text})

    def deliver_now(self, stream: str, seq: int, frame: wire.Frame) -> bool:
        """The relay's fan-out without a coroutine per socket: False when the event must go through
        ``deliver_by_asgi`` instead, called next. Each event, in order, on a stream this socket follows."""
        if self.held is not None:
            self.held.append((stream, seq, frame))
            return True
        if seq <= self.floors.get(stream, 0) or self.closed:
            return True
        if self._write is not None and self._write(frame):
            self.floors[stream] = seq
            return True
        return False

    async def deliver_by_asgi(self, stream: str, seq: int, frame: wire.Frame) -> None:
        """The event ``deliver_now`` could not write (nothing awaited between the two)."""
        self.floors[stream] = seq
        await self._send({"type": "websocket.send", "text": frame.text})

    async def send_error(self, message: str, ref=None) -> None:
        reply = {"type": "error", "error": message}
        if ref is not None:
            reply["ref"] = ref
        await self.send_json(reply)

    async def close(self, code: int, reason: str = "") -> None:
        """Say why (an ``error`` message: browsers do not show close reasons), then close."""
        if self.closed:
            return
        if reason:
            await self.send_json({"type": "error", "error": reason, "code": code})
        self.closed = True
        await self._send({"type": "websocket.close", "code": code})
        # Stop following and counting it now, not when the client finishes the closing handshake.
        # (A task of its own: the relay may be closing it from one of its own loops.)
        task = asyncio.get_running_loop().create_task(relay().detach(self))
        _background.add(task)  # a task nobody refers to may be collected before it runs
        task.add_done_callback(_background.discard)

    async def reconsider(self, user, decision) -> None:
        """The relay's periodic re-check: close the socket if the person's access changed."""
        if self.closed or self.access is None:
            return
        if isinstance(decision, Refusal):
            await self.close(decision.code, decision.reason)
        elif user is None or user.pk != self.user.pk or decision != self.access:
            await self.close(CLOSE_ACCESS_CHANGED, "Your access to this page changed; reconnecting.")

    # --- receiving -----------------------------------------------------------------------------
    async def _frame(self, message: dict) -> None:
        """Every frame counts towards the limit, whatever it holds; nothing here may crash the socket."""
        try:
            content = await self._parse(message)
            if content is not None:
                await self._dispatch(content)
        except Exception:
            log.exception("live: a client message could not be handled")
            await self.send_error("The server could not handle that message; nothing was changed.")

    async def _parse(self, message: dict):
        limit = settings.WEBSOCKET_MESSAGES_PER_10_SECONDS
        now = time.monotonic()
        if now - self._window >= 10:
            self._window, self._frames = now, 0
        self._frames += 1
        if self._frames > 2 * limit:
            await self.close(CLOSE_TOO_MANY, f"Too many messages: the limit is {limit} every 10 seconds.")
            return None
        if self._frames > limit:
            await self.send_error(f"too many messages: the limit is {limit} every 10 seconds; slow down")
            return None
        text = message.get("text")
        if text is None:
            await self.send_error("binary frames are not accepted; send JSON text")
            return None
        most = settings.WEBSOCKET_MAX_MESSAGE_BYTES
        if len(text) > most or len(text.encode("utf-8", "surrogatepass")) > most:
            await self.send_error(f"message too large (limit {most} bytes)")
            return None
        try:
            content = json.loads(text)
        except RecursionError:
            await self.send_error(f"JSON nested too deeply (at most {MAX_DEPTH} levels)")
            return None
        except ValueError as exc:
            where = f": {exc.msg} at position {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
            await self.send_error(f"not valid JSON{where}")
            return None
        problem = _shape_problem(content)
        if problem:
            await self.send_error(problem)
            return None
        return content

    async def _dispatch(self, content: dict) -> None:
        kind, ref = content["type"], content.get("ref")
        if kind == "resync":
            await self._resync(content, ref)
            return
        if kind not in self.access.actions or kind not in self.actions:
            await self.send_error(f"unknown or not permitted message type {kind!r}", ref=ref)
            return
        try:
            reply = await database_sync_to_async(self._act, thread_sensitive=False)(kind, content)
        except _Revoked as exc:
            await self.send_error(exc.refusal.reason, ref=ref)
            await self.close(exc.refusal.code)
            return
        except ValidationError as exc:
            await self.send_error(" ".join(exc.messages), ref=ref)
            return
        except refusals.Refusal as exc:  # a business rule (elections/refusals.py): its sentence
            await self.send_error(exc.message, ref=ref)
            return
        except (PermissionDenied, Refused) as exc:
            await self.send_error(str(exc) or "You are not permitted to do that.", ref=ref)
            return
        except ObjectDoesNotExist:
            await self.send_error("That no longer exists here; reload the page.", ref=ref)
            return
        except DatabaseError:
            log.exception("live: %s failed in the database", kind)
            await self.send_error("The server could not record that just now; nothing was changed. Try again.", ref=ref)
            return
        await self.send_json({"type": "ack", "ref": ref, "action": kind, **(reply or {})})
        if self._changed:
            await self.close(CLOSE_ACCESS_CHANGED, "Your access to this page changed; reconnecting.")

    _changed = False

    def _act(self, kind: str, content: dict):
        """Run an action, trying it again (whole: access check and service) after a deadlock."""
        for attempt in range(1, 4):
            try:
                return self._act_once(kind, content)
            except OperationalError as exc:
                if attempt == 3 or not transient(exc):
                    raise
                log.warning("live: %s hit %s; trying again (attempt %d)", kind, exc, attempt)
                time.sleep(0.05 * attempt)
        return None

    def _act_once(self, kind: str, content: dict):
        """Authorise against the person's current state, then hand the message to the page."""
        user = identity.resolve([self.claim])[0]
        if user is None or user.pk != self.user.pk:
            raise _Revoked(self.signed_out())
        access = self.authorise(self.kwargs, [user])[user.pk]
        if isinstance(access, Refusal):
            raise _Revoked(access)
        if access != self.access:
            self._changed = True
        if kind not in access.actions:
            raise Refused(f"unknown or not permitted message type {kind!r}")
        return getattr(self, self.actions[kind])(user, content)

    async def _resync(self, content: dict, ref) -> None:
        stream, since = content.get("stream"), content.get("since")
        if stream not in self.access.streams:
            await self.send_error(f"not subscribed to stream {stream!r}", ref=ref)
            return
        if not isinstance(since, int) or isinstance(since, bool) or not 0 <= since < 2**63:
            await self.send_error("'since' must be a non-negative whole number", ref=ref)
            return
        now = time.monotonic()
        self._resyncs = [t for t in self._resyncs if now - t < 60]
        most = settings.LIVE_RESYNCS_PER_MINUTE
        if len(self._resyncs) >= most:
            await self.send_error(f"too many resyncs: at most {most} a minute; reload the page", ref=ref)
            return
        self._resyncs.append(now)
        texts, last = await relay().resync(self, stream, since)
        if last is not None:
            await self.send_error(
                f"'since' ({since}) is after the last event ({last}) of stream {stream!r}; sending a fresh snapshot",
                ref=ref,
            )
        for text in texts:
            await self.send_text(text)
        await self.send_json({"type": "resync.done", "stream": stream, "seq": self.floors.get(stream, 0), "ref": ref})


def _shape_problem(content) -> str | None:
    """Why a parsed message cannot be handled, or None. Checks depth and text before anything reads it."""
    if not isinstance(content, dict) or not isinstance(content.get("type"), str):
        return "each message must be a JSON object with a string 'type'"
    ref = content.get("ref")
    if ref is not None:
        short_text = isinstance(ref, str) and len(ref) <= 64
        whole = isinstance(ref, int) and not isinstance(ref, bool) and abs(ref) < 2**53
        if not (short_text or whole):
            return "'ref' must be a short string (at most 64 characters) or a whole number"
    stack = [(content, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"JSON nested too deeply (at most {MAX_DEPTH} levels)"
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return "text contains an invalid character (a lone surrogate); send valid Unicode"
        elif isinstance(value, dict):
            stack.extend((k, depth + 1) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return None
