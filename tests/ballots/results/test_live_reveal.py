"""The live declaration: only the returning officer advances it, on the page, the API and the
websocket; members see the stages shown so far, or the whole sheet when no reveal runs."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from ballots.results import services
from ballots.results.models import LiveReveal
from tests.ballots.results.factories import declare
from tests.livepages import Page, app

NOT_DECLARED = "is not a declared result: only a declared result is revealed stage by stage."
ONLY_RO = "and staff can reveal the result stage by stage."


@pytest.fixture
def declared(count, rita):
    declare(rita, count)
    count.refresh_from_db()
    return count


@pytest.mark.django_db
def test_members_see_each_stage_as_the_returning_officer_advances_it(client, alice, rita, declared):
    total = len(services.reveal_state(declared)["stages"])
    client.force_login(alice)
    page = client.get(reverse("results:live", args=[declared.pk])).content.decode()
    assert f"The whole result: {total} stage" in page  # nothing under way: the whole sheet
    client.force_login(rita)
    assert client.post(reverse("results:reveal_next", args=[declared.pk])).status_code == 302
    client.force_login(alice)
    page = client.get(reverse("results:live", args=[declared.pk])).content.decode()
    assert f"Stage 1 of {total}: First preferences." in page and "Stage 2:" not in page
    client.force_login(rita)
    for _ in range(total - 1):
        client.post(reverse("results:reveal_next", args=[declared.pk]))
    response = client.post(reverse("results:reveal_next", args=[declared.pk]))
    assert response.status_code == 409
    assert f"Every stage of count {declared.pk} has been revealed." in response.content.decode()
    assert LiveReveal.objects.get().shown == total


@pytest.mark.django_db
def test_only_the_returning_officer_advances_the_reveal(client, alice, declared):
    client.force_login(alice)
    for url in (reverse("results:reveal_next", args=[declared.pk]), reverse("api:count_reveal", args=[declared.pk])):
        response = client.post(url)
        assert response.status_code == 403 and ONLY_RO in response.content.decode(), url
    assert not LiveReveal.objects.exists()


@pytest.mark.django_db
def test_an_undeclared_result_is_never_on_the_live_page(client, alice, rita, count):
    client.force_login(alice)
    response = client.get(reverse("results:live", args=[count.pk]))
    assert response.status_code == 403 and "has not been declared" in response.content.decode()
    client.force_login(rita)
    response = client.get(reverse("results:live", args=[count.pk]))
    assert response.status_code == 409 and f"Count {count.pk} {NOT_DECLARED}" in response.content.decode()
    response = client.post(reverse("api:count_reveal", args=[count.pk]))
    assert response.status_code == 409 and response.json()["detail"] == f"Count {count.pk} {NOT_DECLARED}"


def _page(user, count_id):
    return Page(app(), f"/ws/results/counts/{count_id}/live/", user=user)


@pytest.mark.django_db(transaction=True)
async def test_on_the_websocket_members_follow_and_cannot_advance(alice, rita, section, ballot_set):
    count = await database_sync_to_async(_declared_count)(rita, ballot_set)
    member, officer = await _page(alice, count.pk).open(), await _page(rita, count.pk).open()
    for s in (member, officer):
        snapshot = await s.until(lambda m: m["type"] == "snapshot")
        assert snapshot["state"]["live"] is False
        await s.welcome()
    await member.send({"type": "advance", "ref": 1})
    refused = await member.until(lambda m: m["type"] == "error")
    assert ONLY_RO in refused["error"]
    await officer.send({"type": "advance", "ref": 2})
    for s in (member, officer):
        event = await s.until(lambda m: m["type"] == "reveal.stage")
        assert event["shown"] == 1 and event["stage"]["label"] == "1"
    await member.close()
    await officer.close()


@pytest.mark.django_db(transaction=True)
async def test_an_undeclared_count_refuses_the_websocket(alice, rita, ballot_set):
    count = await database_sync_to_async(lambda: services.count_request(user=rita, ballot_set=ballot_set))()
    for user in (alice, rita):
        page = await _page(user, count.pk).open()
        code, _ = await page.closed()
        assert code == 4403


def _declared_count(rita, ballot_set):
    c = services.count_request(user=rita, ballot_set=ballot_set, seed=7)
    declare(rita, c)
    return c
