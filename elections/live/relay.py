"""The per-process hub: one subscription, ordered delivery, memory, snapshots, presence, checks.

Each process (each event loop) has one ``Relay``. It follows a stream on the bus once, however
many local sockets follow it, and for every stream it keeps:

- ``seq``, the last event delivered to local sockets. Events are delivered strictly in order:
  one that arrives early (two processes published neighbouring events) waits ``LIVE_GAP_WAIT_MS``
  for its predecessor; if the gap lasts, the process reads the missing events from the store,
  once for all its sockets. Every ``LIVE_TAIL_SECONDS`` it also compares its streams with the
  store's counters, so an event the bus dropped is delivered late rather than never.
- ``recent``, the last ``LIVE_MEMORY_EVENTS`` events already encoded: joins and resyncs are
  answered from memory.
- one snapshot, built for all local sockets at once (batched, in a worker thread) and reused
  with the recent events replayed on top, until too many events have passed.

It also counts presence in memory (presence.py), re-checks every socket's access every
``LIVE_RECHECK_SECONDS`` or when told to (``recheck_soon``), and prunes old events hourly.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket as _socket
import time
import uuid
from collections import deque

from channels.db import database_sync_to_async
from django.conf import settings

from elections.live import identity, presence, store, transport, wire
from elections.live.batch import Batcher

log = logging.getLogger(__name__)
_relays: dict[int, Relay] = {}
SIGNED_OUT = (4401, "You signed out, so live updates have stopped. Sign in again to follow this page.")


def relay() -> Relay:
    """This event loop's relay (one per process in Daphne; one per test loop in tests)."""
    loop = asyncio.get_running_loop()
    found = _relays.get(id(loop))
    if found is None or found.loop is not loop:
        found = _relays[id(loop)] = Relay(loop)
    return found


def _thread(fn, *args):
    return database_sync_to_async(fn, thread_sensitive=False)(*args)


class Snapshot:
    """A stream's state at ``seq``, encoded once; ``text()`` adds the time it is sent."""

    def __init__(self, stream: str, seq: int, state: dict):
        self.stream, self.seq = stream, seq
        state = dict(state)
        self.timed = "server_time" in state
        state.pop("server_time", None)
        head = json.dumps({"type": "snapshot", "stream": stream, "seq": seq})[:-1]
        body = json.dumps(state, separators=(",", ":"))
        if self.timed:
            body = body[:-1] + ("," if len(state) else "") + '"server_time":'
        self._text = f'{head}, "state": {body}'
        self.size = len(self._text)

    def text(self) -> str:
        if self.timed:
            return f"{self._text}{int(time.time() * 1000)}}}}}"
        return self._text + "}"


class Stream:
    def __init__(self, name: str, page, kwargs: dict):
        self.name, self.page, self.kwargs = name, page, kwargs
        self.seq: int | None = None
        self.early: dict[int, dict] = {}
        self.recent: deque[tuple[int, str]] = deque(maxlen=settings.LIVE_MEMORY_EVENTS)
        self.followers: set = set()
        self.snapshot: Snapshot | None = None
        self.building: asyncio.Task | None = None
        self.gap_timer: asyncio.Task | None = None
        self.lock = asyncio.Lock()
        self.fills = 0
        self.last_presence: int | None = None

    def replay_from(self, after: int) -> list[str] | None:
        """Encoded events after ``after`` up to ``seq`` from memory, or None if memory lacks some."""
        if self.seq is None or after > self.seq:
            return None
        if after == self.seq:
            return []
        if not self.recent or self.recent[0][0] > after + 1:
            return None
        return [text for seq, text in self.recent if seq > after]


class Relay:
    def __init__(self, loop):
        self.loop = loop
        self.process = f"{_socket.gethostname()[:16]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.streams: dict[str, Stream] = {}
        self.topics: dict[str, int] = {}  # topic -> streams followed in it (one bus group per topic)
        self.sockets: set = set()
        self.book = presence.Book(self.process)
        self.presence_topics: dict[str, int | None] = {}  # topic -> last count seen on its stream
        self.sub: transport.Subscription | None = None
        self.tasks: list[asyncio.Task] = []
        self.recheck_now = asyncio.Event()
        self.joins = Batcher(self._authorise_batch)
        self.snapshots = Batcher(self._snapshot_batch)

    # --- lifetime: started by the first socket, stopped when the last one leaves -------------
    async def _start(self) -> None:
        if self.sub is not None:
            return
        self.sub = transport.Subscription()
        await self.sub.open()
        for loop in (self._pump, self._tail, self._recheck, self._presence, self._prune):
            self.tasks.append(self.loop.create_task(loop()))

    async def _stop(self) -> None:
        # Everything is taken down before the first await, so a socket arriving meanwhile starts afresh.
        tasks, sub, names = self.tasks, self.sub, list(self.topics)
        self.tasks, self.sub = [], None
        self.streams.clear()
        self.topics.clear()
        self.presence_topics.clear()
        for task in tasks:
            task.cancel()
        if sub is not None:
            try:
                await sub.close(names)
            except Exception:
                log.warning("live: could not leave the channel layer's groups", exc_info=True)
        try:
            await _thread(self.book.forget_all)
        except Exception:
            log.exception("live: could not remove this process's presence rows")

    async def _follow(self, topic: str) -> None:
        self.topics[topic] = self.topics.get(topic, 0) + 1
        if self.topics[topic] == 1:
            try:
                await self.sub.follow(topic)
            except Exception:  # the tail still delivers from the store, a little later
                log.warning("live relay: could not join the bus group of %s", topic, exc_info=True)

    async def _unfollow(self, topic: str) -> None:
        self.topics[topic] = self.topics.get(topic, 1) - 1
        if self.topics[topic] <= 0:
            del self.topics[topic]
            if self.sub is not None:
                try:
                    await self.sub.unfollow(topic)
                except Exception:
                    log.warning("live relay: could not leave the bus group of %s", topic, exc_info=True)

    def queue_length(self) -> int:
        return len(self.joins)

    # --- joining ---------------------------------------------------------------------------
    async def authorise(self, page, kwargs: dict, claim: identity.Claim):
        """(user, Access | Refusal) for one socket, worked out with every other joining socket."""
        return await self.joins.submit((page, kwargs, claim))

    @staticmethod
    def _authorise_batch(items) -> list:
        users = identity.resolve([claim for _, _, claim in items])
        out: list = [None] * len(items)
        groups: dict = {}
        for i, ((page, kwargs, _), user) in enumerate(zip(items, users)):
            if user is None:
                out[i] = (None, page.signed_out())
            else:
                groups.setdefault((page, page.topic(kwargs)), []).append((i, kwargs, user))
        for (page, _topic), members in groups.items():
            decided = page.authorise(members[0][1], [user for _, _, user in members])
            for i, _, user in members:
                out[i] = (user, decided[user.pk])
        return out

    async def attach(self, sock, access) -> None:
        """Follow the socket's streams, send a snapshot of each, then deliver events to it.

        Events delivered while the snapshots are being sent wait in ``sock.held``; the socket sends
        them afterwards, dropping those its snapshots already cover (``sock.floors``).
        """
        await self._start()
        self.sockets.add(sock)
        sock.held = []
        for name in access.streams:
            stream = self.streams.get(name)
            if stream is None:
                stream = self.streams[name] = Stream(name, sock.page, sock.kwargs)
                await self._follow(store.topic_of(name))
            stream.followers.add(sock)
        if access.presence:
            self.book.arrive(access.presence, sock.user.pk)
            self.presence_topics.setdefault(access.presence, None)
        for name in access.streams:
            for text in await self._catch_up(self.streams[name], sock):
                await sock.send_text(text)

    async def _catch_up(self, stream: Stream, sock) -> list[str]:
        """The snapshot, plus events since it, that bring ``sock`` level with ``stream``."""
        snap = stream.snapshot
        replay = stream.replay_from(snap.seq) if snap else None
        for _attempt in range(3):
            if replay is not None and len(replay) <= settings.LIVE_REPLAY_EVENTS:
                break
            snap = await self.fresh_snapshot(stream)
            replay = stream.replay_from(snap.seq)
            if replay is None and snap.seq > (stream.seq or 0):
                replay = []  # the store is ahead of this process: events up to snap.seq are skipped
        sock.floors[stream.name] = max(snap.seq, stream.seq or 0)
        return [snap.text(), *(replay or [])]

    async def fresh_snapshot(self, stream: Stream) -> Snapshot:
        """A snapshot built now (one build per stream at a time; joiners meanwhile share it)."""
        if stream.building is None or stream.building.done():
            stream.building = self.loop.create_task(self._build(stream))
        return await asyncio.shield(stream.building)

    async def _build(self, stream: Stream) -> Snapshot:
        seq, state = await self.snapshots.submit((stream.page, stream.kwargs, stream.name))
        snap = Snapshot(stream.name, seq, state)
        if stream.snapshot is None or snap.seq >= stream.snapshot.seq:
            stream.snapshot = snap
        if stream.seq is None:
            await self._begin(stream, snap.seq)
        return snap

    @staticmethod
    def _snapshot_batch(items) -> list:
        """(seq, state) per stream: the counter is read first, so the state is at least that new."""
        seqs = store.last_seqs({name for _, _, name in items})
        groups: dict = {}
        for page, kwargs, name in items:
            names = groups.setdefault((page, page.topic(kwargs)), (kwargs, []))[1]
            if name not in names:
                names.append(name)
        states = {}
        for (page, _), (kwargs, names) in groups.items():
            states.update(page.snapshots(kwargs, names))
        return [(seqs[name], states[name]) for _, _, name in items]

    async def detach(self, sock) -> None:
        if sock not in self.sockets:
            return
        self.sockets.discard(sock)
        access = sock.access
        for name in access.streams if access else ():
            stream = self.streams.get(name)
            if stream is None:
                continue
            stream.followers.discard(sock)
            if not stream.followers:
                if stream.last_presence is not None and name in self.presence_topics:
                    self.presence_topics[name] = stream.last_presence
                del self.streams[name]
                await self._unfollow(store.topic_of(name))
        if access is not None and access.presence:
            self.book.depart(access.presence, sock.user.pk)
        if not self.sockets:
            await self._flush_presence()
            if not self.sockets:
                await self._stop()

    # --- resync ----------------------------------------------------------------------------
    async def resync(self, sock, name: str, since: int) -> tuple[list[str], int | None]:
        """What to send a socket that asks for the events after ``since`` on a stream it follows.

        Returns (texts, last) where ``last`` is set when ``since`` is beyond the stream's last
        event (the texts are then a fresh snapshot). Replays come from memory and are sent only
        while they are smaller than a snapshot; otherwise the socket gets the snapshot.
        """
        stream = self.streams[name]
        if since > max(stream.seq or 0, sock.floors.get(name, 0)):
            await self._fill(stream)  # perhaps the store is ahead of this process: catch up once
        last = max(stream.seq or 0, sock.floors.get(name, 0))
        if since > last:
            snap = await self.fresh_snapshot(stream)
            sock.floors[name] = max(sock.floors.get(name, 0), snap.seq)
            return [snap.text(), *(stream.replay_from(snap.seq) or [])], last
        replay = stream.replay_from(since)
        # At most a snapshot's worth (or a small allowance when the snapshot is tiny) is replayed.
        limit = max(stream.snapshot.size if stream.snapshot else 0, 2 * settings.WEBSOCKET_MAX_MESSAGE_BYTES)
        if replay is not None and len(replay) <= settings.LIVE_REPLAY_EVENTS and sum(map(len, replay)) <= limit:
            return replay, None
        snap = await self.fresh_snapshot(stream)
        sock.floors[name] = max(sock.floors.get(name, 0), snap.seq)
        return [snap.text(), *(stream.replay_from(snap.seq) or [])], None

    # --- receiving and ordering ------------------------------------------------------------
    async def _begin(self, stream: Stream, seq: int) -> None:
        stream.seq = seq
        for early in [s for s in stream.early if s <= seq]:
            del stream.early[early]
        await self._advance(stream)

    async def _pump(self) -> None:
        while True:
            try:
                message = await self.sub.receive()
                if message.get("type") == "live.control":
                    self._control(message.get("control") or {})
                    continue
                event = message["event"]
                stream = self.streams.get(event["stream"])
                if stream is not None:
                    await self._offer(stream, event)
            except asyncio.CancelledError:
                raise
            except Exception:  # a malformed message must not stop delivery of the next one
                log.exception("live relay: could not handle a message from the channel layer")
                await asyncio.sleep(0.05)

    def _control(self, control: dict) -> None:
        if control.get("action") == "recheck":
            self.recheck_now.set()
        elif control.get("action") == "signed_out":
            ended = control.get("session")
            for sock in list(self.sockets):
                if sock.claim.session_key and identity.fingerprint(sock.claim.session_key) == ended:
                    task = self.loop.create_task(sock.close(*SIGNED_OUT))
                    self.tasks.append(task)  # kept (and cancelled with the relay) until done
                    task.add_done_callback(lambda t: t in self.tasks and self.tasks.remove(t))

    async def _offer(self, stream: Stream, event: dict) -> None:
        seq = event["seq"]
        if stream.seq is not None and seq <= stream.seq:
            return  # already delivered (the store's copy came first, or a duplicate)
        stream.early[seq] = event
        if stream.seq is None:
            return  # delivered once the first snapshot says where the stream stands
        await self._advance(stream)

    async def _advance(self, stream: Stream) -> None:
        while stream.seq is not None and stream.seq + 1 in stream.early:
            event = stream.early.pop(stream.seq + 1)
            await self._deliver(stream, event)
        if stream.early and (stream.gap_timer is None or stream.gap_timer.done()):
            stream.gap_timer = self.loop.create_task(self._fill_later(stream))

    async def _deliver(self, stream: Stream, event: dict) -> None:
        frame = wire.Frame(json.dumps(event))  # encoded and framed once for all this process's sockets
        stream.seq = event["seq"]
        stream.recent.append((stream.seq, frame.text))
        if event.get("type") == presence.EVENT:
            stream.last_presence = event.get("present")
        for sock in list(stream.followers):
            try:
                if not sock.deliver_now(stream.name, stream.seq, frame):
                    await sock.deliver_by_asgi(stream.name, stream.seq, frame)
            except Exception:  # one closing socket must not cost everyone else the event
                log.debug("live relay: could not deliver to one socket", exc_info=True)

    async def _fill_later(self, stream: Stream) -> None:
        await asyncio.sleep(settings.LIVE_GAP_WAIT_MS / 1000)
        if stream.early:
            await self._fill(stream)

    async def _fill(self, stream: Stream) -> None:
        """Read what this process missed from the store and deliver it in order, once for all
        its sockets (callers that waited while another fill ran take that fill's result)."""
        generation = stream.fills
        async with stream.lock:
            if stream.fills != generation:
                return
            stream.fills += 1
            if stream.seq is None:
                await self.fresh_snapshot(stream)
                return
            missed = await _thread(store.events_between, stream.name, stream.seq, None)
            if missed is None:
                await self._restart(stream)
            else:
                for event in missed:
                    if event["seq"] > stream.seq:
                        stream.early[event["seq"]] = event
            await self._advance(stream)

    async def _restart(self, stream: Stream) -> None:
        """The store no longer has what this process missed: everyone here gets a fresh snapshot."""
        log.warning("live relay: %s missed events the store no longer has; sending snapshots", stream.name)
        stream.snapshot = None
        snap = await self.fresh_snapshot(stream)
        stream.seq = snap.seq
        stream.early = {s: e for s, e in stream.early.items() if s > snap.seq}
        stream.recent.clear()
        for sock in list(stream.followers):
            sock.floors[stream.name] = snap.seq
            await sock.send_text(snap.text())

    async def _tail(self) -> None:
        renewed = time.monotonic()
        while True:
            await asyncio.sleep(settings.LIVE_TAIL_SECONDS)
            try:
                names = [n for n, s in self.streams.items() if s.seq is not None]
                latest = await _thread(store.last_seqs, names)
                for name, seq in latest.items():
                    stream = self.streams.get(name)
                    if stream is not None and stream.seq is not None and seq > stream.seq:
                        await self._fill(stream)
                if time.monotonic() - renewed > 600:
                    await self.sub.renew(list(self.topics))
                    renewed = time.monotonic()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("live relay: could not compare streams with the store")

    # --- access follows the person ---------------------------------------------------------
    async def _recheck(self) -> None:
        """Re-check each socket's access once every ``LIVE_RECHECK_SECONDS``, a share each second
        (so the work is spread out), or every socket at once when told to (``recheck_soon``)."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.recheck_now.wait(), 1)
            everyone = self.recheck_now.is_set()
            self.recheck_now.clear()
            due = time.monotonic() - settings.LIVE_RECHECK_SECONDS + 0.5
            socks = [s for s in self.sockets if s.access is not None and (everyone or s.checked_at <= due)]
            if not socks:
                continue
            try:
                decisions = await _thread(self._authorise_batch, [(s.page, s.kwargs, s.claim) for s in socks])
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("live relay: could not re-check access")
                continue
            now = time.monotonic()
            for sock, (user, decision) in zip(socks, decisions):
                sock.checked_at = now
                try:
                    await sock.reconsider(user, decision)
                except Exception:
                    log.debug("live relay: could not close a socket whose access changed", exc_info=True)

    # --- presence and pruning -----------------------------------------------------------------
    async def _presence(self) -> None:
        while True:
            await asyncio.sleep(settings.LIVE_PRESENCE_SECONDS)
            await self._flush_presence()

    async def _flush_presence(self) -> None:
        for topic in self.presence_topics:
            stream = self.streams.get(topic)
            if stream is not None and stream.last_presence is not None:
                self.presence_topics[topic] = stream.last_presence
        try:
            counts = await _thread(self.book.flush, dict(self.presence_topics), _publish_presence)
        except asyncio.CancelledError:
            raise
        except Exception:  # a lost presence count must never take a connection down
            log.exception("live relay: presence flush failed")
            return
        for topic, count in counts.items():
            if topic in self.presence_topics:
                self.presence_topics[topic] = count
        for topic in [t for t in self.presence_topics if not self.book.here.get(t)]:
            del self.presence_topics[topic]

    async def _prune(self) -> None:
        while True:
            await asyncio.sleep(settings.LIVE_PRUNE_SECONDS)
            try:
                await _thread(lambda: store.prune(keep=settings.LIVE_HISTORY_EVENTS, days=settings.LIVE_HISTORY_DAYS))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("live relay: pruning old events failed")


def _publish_presence(topic: str, count: int) -> None:
    store.publish(topic, presence.EVENT, {"present": count})
