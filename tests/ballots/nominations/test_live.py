"""The live tracker: signed-in users get a snapshot, then each change as it is recorded."""

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from ballots.nominations import services
from ballots.nominations.routing import websocket_urlpatterns


def communicator(section_id, user):
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/nominations/{section_id}/")
    comm.scope["user"] = user
    return comm


@pytest.mark.django_db(transaction=True)
async def test_a_member_gets_the_tracker_then_each_new_nomination(alice, sam, hackney, section, women, submit):
    comm = communicator(section.pk, alice)
    connected, _ = await comm.connect()
    assert connected
    snapshot = await comm.receive_json_from()
    assert snapshot["type"] == "snapshot" and snapshot["stream"] == f"nominations-{section.pk}"
    assert {c["name"] for c in snapshot["state"]["candidates"]} == {f"Woman {n}" for n in range(6)}
    assert snapshot["state"]["clps_nominated"] == 0
    await database_sync_to_async(submit)(sam, hackney, women[:2])
    event = await comm.receive_json_from(timeout=3)
    assert (event["type"], event["seq"], event["clps_nominated"]) == ("nomination.changed", 1, 1)
    assert [c["name"] for c in event["clp"]["candidates"]] == ["Woman 0", "Woman 1"]
    assert {(c["name"], c["clps"], c["qualified"]) for c in event["candidates"]} == {
        ("Woman 0", 1, False),
        ("Woman 1", 1, False),
    }
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_withdrawal_is_sent_with_the_lowered_counts(alice, sam, hackney, section, women, submit):
    await database_sync_to_async(submit)(sam, hackney, women[:2])
    comm = communicator(section.pk, alice)
    await comm.connect()
    await comm.receive_json_from()
    await database_sync_to_async(services.nomination_withdraw)(
        section=section, clp=hackney, user=sam, candidate_ids=[women[0].pk], reason="asked"
    )
    event = await comm.receive_json_from(timeout=3)
    assert [(c["name"], c["clps"]) for c in event["candidates"]] == [("Woman 0", 0)]
    assert [c["name"] for c in event["clp"]["candidates"]] == ["Woman 1"]
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_refused_submission_sends_nothing(alice, sam, hackney, section, women, submit):
    comm = communicator(section.pk, alice)
    await comm.connect()
    await comm.receive_json_from()

    def refused():
        with pytest.raises(services.NominationRefused), transaction.atomic():
            submit(sam, hackney, [])

    await database_sync_to_async(refused)()
    assert await comm.receive_nothing(timeout=0.3)
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_anonymous_visitors_are_refused_with_4403(section):
    connected, code = await communicator(section.pk, AnonymousUser()).connect()
    assert (connected, code) == (False, 4403)


@pytest.mark.django_db(transaction=True)
async def test_an_unknown_section_is_closed_with_4404(alice):
    connected, code = await communicator(987654, alice).connect()
    assert (connected, code) == (False, 4404)


@pytest.mark.django_db(transaction=True)
async def test_clients_cannot_submit_over_the_socket(alice, section):
    comm = communicator(section.pk, alice)
    await comm.connect()
    await comm.receive_json_from()
    await comm.send_json_to({"type": "submit", "candidates": [1]})
    reply = await comm.receive_json_from()
    assert reply["type"] == "error" and "not permitted" in reply["error"]
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_an_affiliate_nomination_is_sent_live(alice, rita, section, women):
    from tests.ballots.nominations.factories import AffiliateFactory

    union = await database_sync_to_async(AffiliateFactory)(name="Unison")
    comm = communicator(section.pk, alice)
    await comm.connect()
    await comm.receive_json_from()
    await database_sync_to_async(services.affiliate_nomination_record)(candidate=women[0], affiliate=union, user=rita)
    event = await comm.receive_json_from(timeout=3)
    assert event["type"] == "nomination.affiliate"
    assert [(c["name"], c["affiliates"]) for c in event["candidates"]] == [("Woman 0", 1)]
    await comm.disconnect()
