"""The live tracker: signed-in users get a snapshot, then each change as it is recorded."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from ballots.nominations import services
from elections.models import LiveEvent
from tests.livepages import Page, app


async def follow(section_id, user) -> Page:
    page = await Page(app(), f"/ws/nominations/{section_id}/", user=user).open()
    await page.welcome()
    return page


@pytest.mark.django_db(transaction=True)
async def test_a_member_gets_the_tracker_then_each_new_nomination(alice, sam, hackney, section, women, submit):
    page = await follow(section.pk, alice)
    snapshot = page.seen[0]
    assert snapshot["type"] == "snapshot" and snapshot["stream"] == f"nominations-{section.pk}"
    assert {c["name"] for c in snapshot["state"]["candidates"]} == {f"Woman {n}" for n in range(6)}
    assert snapshot["state"]["clps_nominated"] == 0
    await database_sync_to_async(submit)(sam, hackney, women[:2])
    event = await page.next()
    assert (event["type"], event["seq"], event["clps_nominated"]) == ("nomination.changed", 1, 1)
    assert [c["name"] for c in event["clp"]["candidates"]] == ["Woman 0", "Woman 1"]
    assert {(c["name"], c["clps"], c["qualified"]) for c in event["candidates"]} == {
        ("Woman 0", 1, False),
        ("Woman 1", 1, False),
    }
    await page.close()


@pytest.mark.django_db(transaction=True)
async def test_a_withdrawal_is_sent_with_the_lowered_counts(alice, sam, hackney, section, women, submit):
    await database_sync_to_async(submit)(sam, hackney, women[:2])
    page = await follow(section.pk, alice)
    await database_sync_to_async(services.nomination_withdraw)(
        section=section, clp=hackney, user=sam, candidate_ids=[women[0].pk], reason="asked"
    )
    event = await page.next()
    assert [(c["name"], c["clps"]) for c in event["candidates"]] == [("Woman 0", 0)]
    assert [c["name"] for c in event["clp"]["candidates"]] == ["Woman 1"]
    await page.close()


@pytest.mark.django_db(transaction=True)
async def test_a_refused_submission_sends_nothing(alice, sam, hackney, section, women, submit):
    page = await follow(section.pk, alice)

    def refused():
        with pytest.raises(services.NominationRefused), transaction.atomic():
            submit(sam, hackney, [])

    await database_sync_to_async(refused)()
    assert not await database_sync_to_async(LiveEvent.objects.exists)()  # nothing stored, so nothing sent
    await database_sync_to_async(submit)(sam, hackney, women[:1])
    event = await page.next()  # the next thing the page hears is the next real change
    assert (event["type"], event["seq"]) == ("nomination.changed", 1)
    await page.close()


@pytest.mark.django_db(transaction=True)
async def test_anonymous_visitors_are_closed_with_4401(section):
    page = await Page(app(), f"/ws/nominations/{section.pk}/", user=AnonymousUser()).open()
    code, said = await page.closed()
    assert code == 4401 and said[0]["error"] == "Sign in to follow this page live."


@pytest.mark.django_db(transaction=True)
async def test_an_unknown_section_is_closed_with_4404(alice):
    page = await Page(app(), "/ws/nominations/987654/", user=alice).open()
    code, said = await page.closed()
    assert code == 4404 and said[0]["error"] == "There is no such section."


@pytest.mark.django_db(transaction=True)
async def test_clients_cannot_submit_over_the_socket(alice, section):
    page = await follow(section.pk, alice)
    reply = await page.reply({"type": "submit", "candidates": [1]})
    assert reply["type"] == "error" and "not permitted" in reply["error"]
    await page.close()


@pytest.mark.django_db(transaction=True)
async def test_an_affiliate_nomination_is_sent_live(alice, rita, section, women):
    from tests.ballots.nominations.factories import AffiliateFactory

    union = await database_sync_to_async(AffiliateFactory)(name="Unison")
    page = await follow(section.pk, alice)
    await database_sync_to_async(services.affiliate_nomination_record)(candidate=women[0], affiliate=union, user=rita)
    event = await page.next()
    assert event["type"] == "nomination.affiliate"
    assert [(c["name"], c["affiliates"]) for c in event["candidates"]] == [("Woman 0", 1)]
    await page.close()
