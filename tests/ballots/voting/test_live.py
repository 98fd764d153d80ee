"""Live turnout over the websocket: a snapshot, then the turnout after each cast, and nothing else."""

import datetime as dt

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from ballots.voting import services
from ballots.voting.routing import websocket_urlpatterns
from elections.refusals import Conflict


def communicator(ballot_id, user):
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/voting/{ballot_id}/")
    comm.scope["user"] = user
    return comm


@pytest.mark.django_db(transaction=True)
async def test_the_turnout_moves_with_each_cast_and_says_nothing_of_the_votes(
    hackney_ballot, alice, chris, sam, people, cast, now
):
    comm = communicator(hackney_ballot.pk, sam)
    connected, _ = await comm.connect()
    assert connected
    snapshot = await comm.receive_json_from()
    assert snapshot["state"] == {"turnout": 0, "electorate": 6, "percent": "0.0", "state": "open"}
    await database_sync_to_async(cast)(hackney_ballot, alice, [people["ann"]])
    event = await comm.receive_json_from(timeout=3)
    assert event == {
        "type": "voting.turnout",
        "stream": f"voting-{hackney_ballot.pk}",
        "seq": 1,
        "turnout": 1,
        "electorate": 6,
    }
    await database_sync_to_async(services.online_ballot_close)(
        ballot=hackney_ballot, user=sam, now=now + dt.timedelta(minutes=1)
    )
    closed = await comm.receive_json_from(timeout=3)
    assert closed["type"] == "voting.closed" and closed["turnout"] == 1 and len(closed["sealed_sha256"]) == 64
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_refused_cast_sends_nothing(hackney_ballot, alice, chris, people, cast):
    await database_sync_to_async(cast)(hackney_ballot, alice, [people["ann"]])
    comm = communicator(hackney_ballot.pk, alice)
    await comm.connect()
    snapshot = await comm.receive_json_from()
    assert (snapshot["seq"], snapshot["state"]["turnout"]) == (1, 1)

    def again():
        with pytest.raises(Conflict):
            cast(hackney_ballot, alice, [people["dan"]])

    await database_sync_to_async(again)()
    await database_sync_to_async(cast)(hackney_ballot, chris, [people["dan"]])
    nxt = await comm.receive_json_from(timeout=3)  # the next event is chris's: the refusal sent none
    assert (nxt["seq"], nxt["turnout"]) == (2, 2)
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_anonymous_visitors_are_refused_with_4403(hackney_ballot):
    connected, code = await communicator(hackney_ballot.pk, AnonymousUser()).connect()
    assert (connected, code) == (False, 4403)


@pytest.mark.django_db(transaction=True)
async def test_an_unknown_ballot_is_closed_with_4404(alice):
    connected, code = await communicator(987654, alice).connect()
    assert (connected, code) == (False, 4404)


@pytest.mark.django_db(transaction=True)
async def test_a_client_can_only_resync(hackney_ballot, alice):
    comm = communicator(hackney_ballot.pk, alice)
    await comm.connect()
    await comm.receive_json_from()
    await comm.send_json_to({"type": "cast", "preferences": [1]})
    reply = await comm.receive_json_from()
    assert reply == {"type": "error", "error": "unknown or not permitted message type 'cast'"}
    await comm.disconnect()
