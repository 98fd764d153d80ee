"""The live declaration across two real Daphne processes over Redis: the returning officer on
one process advances the reveal, and members on both see the same stage (and a member who opens
the page later gets the stages shown so far in the snapshot)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from ballots.results import services
from tests.ballots.results.factories import declare
from tests.hustings.test_two_processes import daphnes, session_for  # noqa: F401  (fixtures)
from tests.livesocket import RealPage

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _declared(rita, ballot_set):
    count = services.count_request(user=rita, ballot_set=ballot_set, seed=7)
    declare(rita, count)
    return count


async def test_every_member_sees_the_same_stage_whichever_process_they_are_on(
    daphnes,  # noqa: F811
    session_for,  # noqa: F811
    alice,
    sam,
    rita,
    ballot_set,
):
    first, second = daphnes
    count = await database_sync_to_async(_declared)(rita, ballot_set)
    path = f"/ws/results/counts/{count.pk}/live/"
    keys = await database_sync_to_async(lambda: [session_for(u) for u in (alice, sam, rita)])()
    member_a = await RealPage.open(first, path, keys[0])
    member_b = await RealPage.open(second, path, keys[1])
    officer = await RealPage.open(first, path, keys[2])
    for s in (member_a, member_b, officer):
        await s.until(lambda m: m["type"] == "welcome")
    for stage in (1, 2):
        await officer.send({"type": "advance", "ref": stage})
        for member in (member_a, member_b):
            got = await member.until(lambda m, want=stage: m["type"] == "reveal.stage" and m["shown"] == want)
            assert got["shown"] == stage, got
    # A late joiner gets a snapshot and the events after it (the relay may serve a snapshot it
    # took before the reveal began): either way it ends at the stage everyone else is on.
    late = await RealPage.open(second, path, keys[1])
    await late.until(
        lambda m: (
            (m["type"] == "snapshot" and m["state"]["shown"] == 2 and m["state"]["live"])
            or (m["type"] == "reveal.stage" and m["shown"] == 2)
        )
    )
    for s in (member_a, member_b, officer, late):
        await s.close()
