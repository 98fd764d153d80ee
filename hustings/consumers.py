"""The one websocket endpoint per hustings: ``/ws/hustings/<id>/``.

The connection's role (hustings.permissions.role_of) decides its streams and the messages it may
send: everyone gets the public stream and their personal stream; moderators and the chair also
get the moderators' stream. Handlers check the message's shape and hand it to a service, which
checks the rule again; the reply is an ``ack`` (after commit) or an ``error`` naming the problem.
Protocol: docs/hustings-protocol.md.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from elections import realtime
from elections.consumers import CLOSE_FORBIDDEN, StreamConsumer
from hustings import permissions, selectors, services
from hustings.models import Hustings, Question
from hustings.relay import relay_for

log = logging.getLogger(__name__)
PRESENCE_INTERVAL = 1.0  # seconds: at most one presence publish per hustings per process
_pending_presence: set = set()
_presence_tasks: set = set()
_public_snapshots: dict[str, tuple[int, dict]] = {}  # stream -> (seq, state), per process


def schedule_presence(hustings_id: int) -> None:
    """Publish the present count soon, once, however many people arrive or leave meanwhile."""
    loop = asyncio.get_running_loop()
    key = (id(loop), hustings_id)
    if key in _pending_presence:
        return
    _pending_presence.add(key)

    async def flush():
        try:
            await asyncio.sleep(PRESENCE_INTERVAL)
        finally:
            _pending_presence.discard(key)
        try:
            await database_sync_to_async(services.presence_publish)(hustings_id=hustings_id)
        except Exception:  # a lost presence count must never take a connection down
            log.exception("presence publish failed for hustings %s", hustings_id)

    task = loop.create_task(flush())
    _presence_tasks.add(task)  # a task with no reference may be collected before it runs
    task.add_done_callback(_presence_tasks.discard)


class HustingsConsumer(StreamConsumer):
    hustings: Hustings
    role: str | None = None
    # Sockets get events through the process's relay (hustings/relay.py), not a channel each: a
    # channel per socket would keep thousands of idle receives waiting on the channel layer.
    channel_layer_alias = "hustings sockets have no channel of their own"

    # --- joining -------------------------------------------------------------------------
    # Joining is the hot path when an audience arrives at once, so its database work is done in
    # two calls on the thread pool (not the single thread-sensitive thread), and the public
    # snapshot, the same for everyone, is reused while its stream has not moved on.
    async def allowed_streams(self):
        self.user = self.scope.get("user")
        self.hustings_id = self.scope["url_route"]["kwargs"]["hustings_id"]
        self.role = await database_sync_to_async(self._role, thread_sensitive=False)()
        if self.role is None:
            return None
        streams = [self.hustings.stream, self.hustings.personal_stream(self.user.pk)]
        if self.role in (permissions.CHAIR, permissions.MODERATOR):
            streams.append(self.hustings.mod_stream)
        return streams

    def _role(self):
        if not getattr(self.user, "is_authenticated", False):
            return None
        self.hustings = Hustings.objects.select_related("section__election", "clp").filter(pk=self.hustings_id).first()
        if self.hustings is None:
            return None
        return permissions.role_of(self.user, self.hustings)

    async def connect(self):
        self._window_start, self._window_count = time.monotonic(), 0
        self._held: list[str] | None = []  # events that arrive before our snapshots are sent
        streams = await self.allowed_streams()
        if streams is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.streams = streams
        self.socket_id = f"hustings-socket.{uuid.uuid4().hex}"
        relay = relay_for(get_channel_layer())
        for stream in streams:  # follow before the snapshot, so nothing published after it is lost
            await relay.follow(stream, self)
        await self.accept()
        for message in await database_sync_to_async(self._arrive, thread_sensitive=False)():
            await self.send_json(message)
        while self._held:  # then what arrived meanwhile, in order; clients drop what the snapshot covers
            await self.send(text_data=self._held.pop(0))
        self._held = None
        schedule_presence(self.hustings.pk)

    async def deliver(self, text: str) -> None:
        """Called by the relay with each event (already encoded) on a stream this socket follows."""
        if self._held is not None:
            self._held.append(text)
            return
        await self.send(text_data=text)

    def _arrive(self) -> list[dict]:
        services.presence_join(hustings=self.hustings, channel_name=self.socket_id, user=self.user, role=self.role)
        welcome = {"type": "welcome", "role": self.role, "user": self.user.pk, "actions": sorted(self.actions())}
        return [*(self._snapshot_message(stream) for stream in self.streams), welcome]

    def _snapshot_message(self, stream: str) -> dict:
        seq = realtime.last_seq(stream)
        return {"type": "snapshot", "stream": stream, "seq": seq, "state": self._state(stream, seq)}

    def _state(self, stream: str, seq: int) -> dict:
        if stream == self.hustings.stream:
            cached = _public_snapshots.get(stream)
            if cached is None or cached[0] != seq:
                cached = (seq, selectors.public_snapshot(self.hustings))
                _public_snapshots[stream] = cached
            return {**cached[1], "server_time": selectors.server_time()}
        if stream == self.hustings.mod_stream:
            return selectors.moderator_snapshot(self.hustings)
        return selectors.personal_snapshot(self.hustings, self.user)

    def snapshot(self, stream: str) -> dict:
        return self._state(stream, realtime.last_seq(stream))

    async def send_snapshot(self, stream: str) -> None:
        await self.send_json(await database_sync_to_async(self._snapshot_message)(stream))

    async def disconnect(self, code):
        relay = relay_for(get_channel_layer())
        for stream in getattr(self, "streams", []):
            await relay.unfollow(stream, self)
        if self.role is not None:
            await database_sync_to_async(services.presence_leave, thread_sensitive=False)(channel_name=self.socket_id)
            schedule_presence(self.hustings.pk)

    # --- what each role may send ------------------------------------------------------------
    def actions(self) -> dict:
        allowed = {}
        if self.role in (permissions.MEMBER, permissions.MODERATOR, permissions.CHAIR):
            allowed.update({"question.submit": self.submit, "question.vote": self.vote, "question.unvote": self.unvote})
        if self.role in (permissions.MODERATOR, permissions.CHAIR):
            allowed.update(
                {
                    "question.approve": self.approve,
                    "question.reject": self.reject,
                    "question.edit": self.edit,
                    "question.merge": self.merge,
                    "question.tag": self.tag,
                }
            )
        if self.role == permissions.CHAIR:
            allowed.update(
                {
                    "hustings.state": self.set_state,
                    "question.put": self.put,
                    "question.finish": self.finish,
                    "timer.start": self.timer_start,
                    "timer.pause": self.timer_pause,
                    "timer.resume": self.timer_resume,
                    "timer.end": self.timer_end,
                    "candidate.skip": self.skip,
                }
            )
        return allowed

    async def receive_json(self, content, **kwargs):
        if self._flooding():
            limit = settings.HUSTINGS_MESSAGES_PER_10_SECONDS
            ref = content.get("ref") if isinstance(content, dict) else None
            await self.send_error(f"too many messages: the limit is {limit} every 10 seconds; slow down", ref=ref)
            return
        await super().receive_json(content, **kwargs)

    def _flooding(self) -> bool:
        now = time.monotonic()
        if now - self._window_start >= 10:
            self._window_start, self._window_count = now, 0
        self._window_count += 1
        return self._window_count > settings.HUSTINGS_MESSAGES_PER_10_SECONDS

    # --- handlers: shape checks, then a service ---------------------------------------------
    async def run(self, content: dict, work, reply=None) -> None:
        """Run ``work`` (sync, in a thread, in its own transaction); ack after commit or explain."""
        ref = content.get("ref")
        try:
            result = await database_sync_to_async(work)()
        except ValidationError as exc:
            await self.send_error(" ".join(exc.messages), ref=ref)
            return
        except PermissionDenied as exc:
            await self.send_error(str(exc) or "You are not permitted to do that.", ref=ref)
            return
        except Question.DoesNotExist:
            await self.send_error(f"no such question at this hustings: {content.get('id')!r}", ref=ref)
            return
        ack = {"type": "ack", "ref": ref, "action": content["type"]}
        if reply is not None:
            ack.update(await database_sync_to_async(reply)(result))
        await self.send_json(ack)

    def question(self, content: dict, key: str = "id") -> Question:
        value = content.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(f"'{key}' must be a question id (a whole number).")
        return Question.objects.select_related("hustings").get(pk=value, hustings=self.hustings)

    async def submit(self, content):
        def work():
            return services.question_submit(
                actor=self.user, hustings=self.hustings, text=content.get("text"), to=content.get("to", "all")
            )

        await self.run(content, work, reply=lambda q: {"question": selectors.question_for_author(q)})

    async def vote(self, content):
        await self.run(content, lambda: services.question_vote(actor=self.user, question=self.question(content)))

    async def unvote(self, content):
        await self.run(content, lambda: services.question_unvote(actor=self.user, question=self.question(content)))

    async def approve(self, content):
        await self.run(content, lambda: services.question_approve(actor=self.user, question=self.question(content)))

    async def reject(self, content):
        await self.run(
            content,
            lambda: services.question_reject(
                actor=self.user, question=self.question(content), reason=content.get("reason")
            ),
        )

    async def edit(self, content):
        await self.run(
            content,
            lambda: services.question_edit(actor=self.user, question=self.question(content), text=content.get("text")),
        )

    async def merge(self, content):
        await self.run(
            content,
            lambda: services.question_merge(
                actor=self.user, duplicate=self.question(content), into=self.question(content, "into")
            ),
        )

    async def tag(self, content):
        await self.run(
            content,
            lambda: services.question_tag(
                actor=self.user, question=self.question(content), topics=content.get("topics")
            ),
        )

    async def set_state(self, content):
        await self.run(
            content,
            lambda: services.hustings_set_state(actor=self.user, hustings=self.hustings, state=content.get("state")),
        )

    async def put(self, content):
        await self.run(
            content,
            lambda: services.question_put(
                actor=self.user, hustings=self.hustings, question=self.question(content), order=content.get("order")
            ),
        )

    async def finish(self, content):
        await self.run(content, lambda: services.question_finish(actor=self.user, hustings=self.hustings))

    async def timer_start(self, content):
        await self.run(
            content,
            lambda: services.timer_start(actor=self.user, hustings=self.hustings, candidate=content.get("candidate")),
        )

    async def timer_pause(self, content):
        await self.run(content, lambda: services.timer_pause(actor=self.user, hustings=self.hustings))

    async def timer_resume(self, content):
        await self.run(content, lambda: services.timer_resume(actor=self.user, hustings=self.hustings))

    async def timer_end(self, content):
        await self.run(content, lambda: services.timer_end(actor=self.user, hustings=self.hustings))

    async def skip(self, content):
        await self.run(
            content,
            lambda: services.candidate_skip(
                actor=self.user, hustings=self.hustings, candidate=content.get("candidate")
            ),
        )
