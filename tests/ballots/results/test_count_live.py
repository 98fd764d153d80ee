"""A running count's page follows its progress live (through the live package, not polling)."""

import pytest
from channels.db import database_sync_to_async

from ballots.results import services
from ballots.results.services import counts
from tests.livepages import Page, app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued(ballot_set, rita, monkeypatch):
    """A count that has been asked for but not started (its task is not queued: no worker runs it)."""
    monkeypatch.setattr(counts, "count_enqueue", lambda **kwargs: None)
    return services.count_request(user=rita, ballot_set=ballot_set, seed=7)


async def test_the_returning_officer_sees_the_count_progress_to_the_end(queued, rita):
    page = await Page(app(), f"/ws/counts/{queued.pk}/", user=rita).open()
    await page.welcome()
    snapshot = page.seen[0]
    assert snapshot["state"] == {
        "status": "queued",
        "progress": 0,
        "progress_text": "Queued: waiting for the count worker",
        "finished": False,
    }
    await database_sync_to_async(services.count_run)(count_id=queued.pk, attempt=queued.attempts)
    done = await page.until(lambda m: m["type"] == "count.progress" and m["finished"])
    assert (done["status"], done["progress"], done["progress_text"]) == ("done", 100, "Done")
    steps = [m for m in page.seen if m["type"] == "count.progress"]
    assert steps[0]["progress_text"] == "Reading the ballot file" and steps[0]["status"] == "running"
    assert [m["seq"] for m in steps] == list(range(1, len(steps) + 1))
    await page.close()


async def test_a_member_cannot_follow_an_undeclared_count(queued, alice):
    page = await Page(app(), f"/ws/counts/{queued.pk}/", user=alice).open()
    code, said = await page.closed()
    assert code == 4403 and "has not been declared" in said[0]["error"]


async def test_an_unknown_count_is_closed_with_4404(rita):
    page = await Page(app(), "/ws/counts/424242/", user=rita).open()
    code, said = await page.closed()
    assert code == 4404 and said[0]["error"] == "There is no such count."
