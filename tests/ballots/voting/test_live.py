"""Live turnout over the websocket: a snapshot, then the turnout after each cast, and nothing else."""

import datetime as dt

import pytest
from channels.db import database_sync_to_async

from ballots.voting import services
from elections.refusals import Conflict
from tests.livepages import Page, app


async def turnout_page(ballot_id, user=None) -> Page:
    return await Page(app(), f"/ws/voting/{ballot_id}/", user=user).open()


@pytest.mark.django_db(transaction=True)
async def test_the_turnout_moves_with_each_cast_and_says_nothing_of_the_votes(
    hackney_ballot, alice, chris, sam, people, cast, now
):
    page = await turnout_page(hackney_ballot.pk, sam)
    await page.welcome()
    snapshot = page.seen[0]
    assert snapshot["type"] == "snapshot" and snapshot["state"] == {
        "turnout": 0,
        "electorate": 6,
        "percent": "0.0",
        "state": "open",
    }
    await database_sync_to_async(cast)(hackney_ballot, alice, [people["ann"]])
    event = await page.until(lambda m: m["type"] == "voting.turnout")
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
    closed = await page.until(lambda m: m["type"] == "voting.closed")
    assert closed["turnout"] == 1 and len(closed["sealed_sha256"]) == 64
    await page.close()


@pytest.mark.django_db(transaction=True)
async def test_a_refused_cast_sends_nothing(hackney_ballot, alice, chris, people, cast):
    await database_sync_to_async(cast)(hackney_ballot, alice, [people["ann"]])
    page = await turnout_page(hackney_ballot.pk, alice)
    await page.welcome()
    snapshot = page.seen[0]
    assert (snapshot["seq"], snapshot["state"]["turnout"]) == (1, 1)

    def again():
        with pytest.raises(Conflict):
            cast(hackney_ballot, alice, [people["dan"]])

    await database_sync_to_async(again)()
    await database_sync_to_async(cast)(hackney_ballot, chris, [people["dan"]])
    nxt = await page.until(lambda m: m["type"] == "voting.turnout")  # chris's: the refusal sent none
    assert (nxt["seq"], nxt["turnout"]) == (2, 2)
    await page.close()


@pytest.mark.django_db(transaction=True)
async def test_anonymous_visitors_are_told_to_sign_in_with_4401(hackney_ballot):
    code, said = await (await turnout_page(hackney_ballot.pk)).closed()
    assert code == 4401 and said[0]["error"] == "Sign in to follow this page live."


@pytest.mark.django_db(transaction=True)
async def test_an_unknown_ballot_is_closed_with_4404(alice):
    code, said = await (await turnout_page(987654, alice)).closed()
    assert code == 4404 and said[0]["error"] == "There is no such ballot."


@pytest.mark.django_db(transaction=True)
async def test_a_client_can_only_resync(hackney_ballot, alice):
    page = await turnout_page(hackney_ballot.pk, alice)
    await page.welcome()
    reply = await page.reply({"type": "cast", "preferences": [1]})
    assert reply == {"type": "error", "error": "unknown or not permitted message type 'cast'", "ref": "r1"}
    await page.close()
