"""Rule comparisons: asked for by the returning officer, run on the task queue, shown as an
analysis (never a result), refused to members until the result from the ballots is declared."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from ballots.results import services
from ballots.results.models import RuleComparison
from elections.models import AuditEntry
from tests.ballots.results.factories import declare

pytestmark = pytest.mark.django_db

NOT_PUBLISHED = (
    "is not published: until the returning officer declares a result from these ballots, it is shown only to "
    "the returning officers and staff."
)


def test_the_returning_officer_compares_the_rules_from_the_sheet(client, rita, count):
    client.force_login(rita)
    response = client.post(reverse("results:comparison_create", args=[count.pk]))
    comparison = RuleComparison.objects.get()
    assert response.status_code == 302 and response["Location"] == comparison.get_absolute_url()
    assert comparison.status == "done" and comparison.methods == ["ers97", "scottish", "meek", "wigm", "block"]
    assert (comparison.seats, comparison.min_women, comparison.seed) == (count.seats, count.min_women, count.seed)
    data = json.loads(comparison.result_json)
    ers97 = next(o for o in data["comparison"]["outcomes"] if o["method"] == "ers97")
    assert ers97["elected"] == count.elected  # the section's own rule gives the count's own result
    assert data["results"]["ers97"]["elected"] == count.elected
    page = client.get(comparison.get_absolute_url()).content.decode()
    assert "An analysis, not a result." in page and "Nothing here can be declared." in page
    assert "Who each rule elects, side by side" in page and "Where the counts part" in page
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"comparison.requested", "comparison.done"} <= actions
    count.refresh_from_db()
    assert count.declared_at is None  # nothing about the count changed


def test_members_cannot_compare_the_rules(client, alice, rita, count):
    declare(rita, count)
    client.force_login(alice)
    for url in (reverse("results:comparison_create", args=[count.pk]), reverse("api:count_compare", args=[count.pk])):
        response = client.post(url)
        assert response.status_code == 403, url
        assert f"Only the returning officers of {count.section.election} and staff can compare the counting rules." in (
            response.content.decode()
        )
    assert not RuleComparison.objects.exists()


def test_a_comparison_is_private_until_the_result_from_its_ballots_is_declared(client, alice, rita, count):
    comparison = services.comparison_request(user=rita, count=count)
    client.force_login(alice)
    for url in (comparison.get_absolute_url(), reverse("api:comparison", args=[comparison.pk])):
        response = client.get(url)
        assert response.status_code == 403 and NOT_PUBLISHED in response.content.decode(), url
    declare(rita, count)
    assert client.get(comparison.get_absolute_url()).status_code == 200
    body = client.get(reverse("api:comparison", args=[comparison.pk])).json()
    assert body["analysis"] is True and body["comparison"]["reference"] == "ers97"


def test_a_return_has_no_papers_to_compare(client, rita, section):
    from tests.ballots.results.test_returns import figures

    ret = services.return_record(section=section, user=rita, **figures(section))
    count = services.count_request(user=rita, ballot_return=ret)
    client.force_login(rita)
    response = client.post(reverse("api:count_compare", args=[count.pk]))
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "A scrutineer's return holds only totals: the rules can be compared only on ballot papers."
    )
