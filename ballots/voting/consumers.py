"""Live turnout for a ballot's pages: signed-in users may follow it; events come only from the
voting services through ``elections.realtime.publish``, and carry the turnout, never a vote.
Clients send nothing but ``resync``."""

from __future__ import annotations

from channels.db import database_sync_to_async

from ballots.voting import selectors
from ballots.voting.models import OnlineBallot
from ballots.voting.services import stream_name
from elections.consumers import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, StreamConsumer


class TurnoutConsumer(StreamConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.ballot_id = self.scope["url_route"]["kwargs"]["ballot_id"]
        if not await database_sync_to_async(OnlineBallot.objects.filter(pk=self.ballot_id).exists)():
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await super().connect()

    async def allowed_streams(self) -> list[str] | None:
        return [stream_name(self.ballot_id)]

    def snapshot(self, stream: str) -> dict:
        ballot = OnlineBallot.objects.get(pk=self.ballot_id)
        return {**selectors.turnout(ballot), "state": ballot.state}
