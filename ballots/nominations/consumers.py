"""Live tracker: any signed-in user may follow a section's nominations; events come only from
``services`` through ``elections.realtime.publish``. Clients send nothing but ``resync``."""

from __future__ import annotations

from channels.db import database_sync_to_async

from ballots.nominations import selectors
from elections.consumers import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, StreamConsumer
from elections.models import Section


class NominationsConsumer(StreamConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.section_id = self.scope["url_route"]["kwargs"]["section_id"]
        if not await database_sync_to_async(Section.objects.filter(pk=self.section_id).exists)():
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await super().connect()

    async def allowed_streams(self) -> list[str] | None:
        return [f"nominations-{self.section_id}"]

    def snapshot(self, stream: str) -> dict:
        return selectors.tracker(Section.objects.select_related("election").get(pk=self.section_id))
