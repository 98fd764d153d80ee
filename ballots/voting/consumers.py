"""Live turnout for a ballot's pages (``/ws/voting/<id>/``, on the live package): signed-in users
may follow it; events come only from the voting services through ``elections.live.publish`` and
carry the turnout, never a vote. Clients send nothing but ``resync`` (the page has no actions)."""

from __future__ import annotations

from ballots.voting import selectors
from ballots.voting.models import OnlineBallot
from ballots.voting.services import stream_name
from elections import live


class TurnoutPage(live.LivePage):
    @classmethod
    def topic(cls, kwargs) -> str:
        return stream_name(kwargs["ballot_id"])

    @classmethod
    def authorise(cls, kwargs, users) -> dict:
        if not OnlineBallot.objects.filter(pk=kwargs["ballot_id"]).exists():
            return {u.pk: live.Refusal("There is no such ballot.", live.CLOSE_NOT_FOUND) for u in users}
        return {u.pk: live.Access(streams=(stream_name(kwargs["ballot_id"]),)) for u in users}

    @classmethod
    def snapshots(cls, kwargs, streams) -> dict:
        ballot = OnlineBallot.objects.get(pk=kwargs["ballot_id"])
        state = {**selectors.turnout(ballot), "state": ballot.state}
        return {stream: state for stream in streams}
