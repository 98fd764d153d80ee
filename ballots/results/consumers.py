"""The live results page's websocket: follow a declared result as the returning officer reveals
it stage by stage. Anyone who may see the count may follow; only its returning officers and
staff may send ``advance`` (handed to ``services.reveal_advance``, which publishes the stage)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ballots.results import permissions, selectors, services
from elections.consumers import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, StreamConsumer
from elections.refusals import Refusal


class RevealConsumer(StreamConsumer):
    async def connect(self) -> None:
        self.count_id = self.scope["url_route"]["kwargs"]["pk"]
        refused = await database_sync_to_async(self._refused)()
        if refused:
            await self.close(code=refused)
            return
        await super().connect()

    def _refused(self) -> int | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return CLOSE_FORBIDDEN
        try:
            self.count = selectors.count(self.count_id)
        except Http404:
            return CLOSE_NOT_FOUND
        try:
            permissions.require_see_count(user, self.count)
        except PermissionDenied:
            return CLOSE_FORBIDDEN
        if not self.count.is_declared:
            return CLOSE_FORBIDDEN  # an undeclared count is never on the live page
        self.can_advance = permissions.can_manage_results(user, self.count.section)
        return None

    async def allowed_streams(self) -> list[str] | None:
        return [services.reveal_stream(self.count_id)]

    def snapshot(self, stream: str) -> dict:
        return services.reveal_state(selectors.count(self.count_id))

    def actions(self) -> dict:
        return {"advance": self.advance}

    async def advance(self, content: dict) -> None:
        def run():
            try:
                services.reveal_advance(user=self.scope["user"], count=selectors.count(self.count_id))
            except (PermissionDenied, Refusal) as exc:
                return str(exc.message if isinstance(exc, Refusal) else exc)
            return None

        error = await database_sync_to_async(run)()
        if error:
            await self.send_error(error, ref=content.get("ref"))
