"""The analysis page, its downloads and its API: figures, formula-safe CSV, and who may see them."""

from __future__ import annotations

import csv
import html
import io
import json

import pytest
from django.urls import reverse

from ballots.results import services
from ballots.results.models import Count
from tests.ballots.results.factories import declare
from tests.factories import EndorsementFactory, SlateFactory

pytestmark = pytest.mark.django_db

NOT_DECLARED = (
    "has not been declared: until the returning officer declares a result, counts are shown only to the "
    "returning officers and staff."
)


@pytest.fixture
def slates(section):
    """Left endorses Ann and Bob; "=Right" (a name a spreadsheet would run) Cat and Dan; Eve stands alone."""
    left = SlateFactory(election=section.election, name="Left", slug="left")
    right = SlateFactory(election=section.election, name="=Right", slug="right")
    people = {c.display_name: c for c in section.candidates.all()}
    for slate, names in ((left, ["Ann Able", "Bob Baker"]), (right, ["Cat Cole", "Dan Dean"])):
        for name in names:
            EndorsementFactory(slate=slate, candidate=people[name])
    return left, right


@pytest.fixture
def declared(count, rita, slates):
    declare(rita, count)
    count.refresh_from_db()
    return count


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_member_sees_first_preferences_beside_nominations_and_each_stages_transfers(client, alice, declared):
    response = _get(client, alice, reverse("results:analysis", args=[declared.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "How the votes moved" in page and "Slate discipline" in page
    votes = {row["Candidate"]: row for row in response.context["tables"]["votes"].as_json()["rows"]}
    # From the test file by hand: first marks 3 Ann, 4 + 2 Bob, 2 Cat, 5 Dan, 1 Eve (17 papers).
    assert {n: r["First preferences"] for n, r in votes.items()} == {
        "Ann Able": "3", "Bob Baker": "6", "Cat Cole": "2", "Dan Dean": "5", "Eve Ennis": "1",
    }  # fmt: skip
    assert votes["Bob Baker"]["Share of first preferences"] == "35.3%"  # 6 / 17
    assert votes["Eve Ennis"]["Slate"] == "Independents" and votes["Cat Cole"]["Slate"] == "=Right"
    assert {r["CLP nominations"] for r in votes.values()} == {"0"}  # none recorded in this test
    result = json.loads(declared.result_json)
    # Every stage's transfers on the page are the sheet's own change column.
    rows = response.context["tables"]["transfers"].as_json()["rows"]
    for stage in result["stages"][1:]:
        label = f"{stage['number']}.{stage['substage']}" if stage["substage"] else str(stage["number"])
        shown = {r["Candidate or pile"]: r["Change"] for r in rows if r["Stage"] == label}
        for name, change in stage["transfers"].items():
            assert shown[name].lstrip("+") == change
    assert page.count('class="chart flow-chart"') == len(result["stages"]) - 1 + 1  # each stage + slates


def test_downloads_are_formula_safe_csv_and_json(client, alice, declared):
    response = _get(client, alice, reverse("results:analysis_download", args=[declared.pk, "votes", "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Candidate", "Slate", "CLP nominations", "First preferences"]
    assert {r[1] for r in rows[1:]} == {"Left", "'=Right", "Independents"}
    response = client.get(reverse("results:analysis_download", args=[declared.pk, "slate-transfers", "json"]))
    data = json.loads(response.content)
    assert data["columns"] == ["From", "To", "Votes", "Share of what that group passed on"]
    assert all(set(r) == set(data["columns"]) for r in data["rows"])
    for slug in ("transfers", "slate-stages", "discipline"):
        assert client.get(reverse("results:analysis_download", args=[declared.pk, slug, "csv"])).status_code == 200
    assert client.get(reverse("results:analysis_download", args=[declared.pk, "nope", "csv"])).status_code == 404


def test_the_api_gives_the_same_tables(client, alice, declared):
    response = _get(client, alice, reverse("api:count_analysis", args=[declared.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["declared"] is True and set(body["tables"]) == {
        "votes", "transfers", "slate-transfers", "slate-stages", "discipline",
    }  # fmt: skip
    page = _get(client, alice, reverse("results:analysis_download", args=[declared.pk, "discipline", "json"]))
    assert body["tables"]["discipline"] == json.loads(page.content)


def test_undeclared_analysis_stays_with_the_returning_officers(client, alice, rita, count):
    urls = [
        reverse("results:analysis", args=[count.pk]),
        reverse("results:analysis_download", args=[count.pk, "votes", "csv"]),
        reverse("api:count_analysis", args=[count.pk]),
    ]
    for url in urls:
        response = _get(client, alice, url)
        assert response.status_code == 403, url
        assert NOT_DECLARED in response.content.decode(), url
    assert response.json()["detail"].endswith(NOT_DECLARED)
    for url in urls:
        assert _get(client, rita, url).status_code == 200, url


def test_a_count_without_a_result_is_refused_with_the_reason(client, rita, ballot_set):
    queued = services.count_request(user=rita, ballot_set=ballot_set, seed=1)
    Count.objects.filter(pk=queued.pk).update(status=Count.Status.QUEUED, result_json="", result_sha256="")
    wording = "This count has no result yet: the analysis is made from a finished count."
    for url in (reverse("results:analysis", args=[queued.pk]), reverse("api:count_analysis", args=[queued.pk])):
        response = _get(client, rita, url)
        assert response.status_code == 409 and wording in response.content.decode()


def test_a_scrutineers_return_has_votes_but_no_papers_to_read(client, rita, section, slates):
    from tests.ballots.results.test_returns import figures

    ret = services.return_record(section=section, user=rita, **figures(section))
    count = services.count_request(user=rita, ballot_return=ret)
    response = _get(client, rita, reverse("results:analysis", args=[count.pk]))
    assert response.status_code == 200
    votes = response.context["tables"]["votes"].as_json()["rows"]
    assert {r["First preferences"] for r in votes} == {""}  # a return holds totals, not papers
    assert [r["Final total"] for r in votes] == ["30", "20", "10", "10", "5"]  # the return's own votes
    assert response.context["tables"]["discipline"].rows == ()
    assert "No slate has candidates in this section, or the count has no ballot papers" in response.content.decode()


def test_a_meek_count_is_explained_too(client, rita, ballot_set, slates):
    count = services.count_request(user=rita, ballot_set=ballot_set, method="meek", seed=7)
    response = _get(client, rita, reverse("results:analysis", args=[count.pk]))
    assert response.status_code == 200
    sources = {r["From"] for r in response.context["tables"]["slate_transfers"].as_json()["rows"]}
    assert sources and sources <= {"Left", "=Right", "Independents", "Non-transferable", "Lost to rounding"}


def test_a_count_stores_the_engines_record_of_transfers_beside_its_result(count):
    from ballots.counting import report

    stored = report.from_json(count.result_flows_json)
    assert report.to_json(stored) == count.result_json  # the same run's result, flows aside
    moved = [s for s in stored.stages[1:] if s.transfers]
    assert moved and all(s.flows for s in moved)


def test_a_count_stored_before_its_transfers_were_kept_is_counted_again(client, rita, count, slates):
    from django.core.cache import cache

    url = reverse("results:analysis", args=[count.pk])
    with_flows = _get(client, rita, url).context["tables"]["transfers"].rows
    Count.objects.filter(pk=count.pk).update(result_flows_json="")
    cache.clear()
    response = _get(client, rita, url)
    assert response.status_code == 200
    assert response.context["tables"]["transfers"].rows == with_flows
    after = Count.objects.get(pk=count.pk)
    assert after.result_flows_json == "" and after.progress_text == "Done"  # reading writes nothing


def test_transfers_that_cannot_be_reproduced_are_refused_with_the_reason(client, rita, count, slates):
    from django.core.cache import cache

    from ballots.results.explain import NOT_REPRODUCED

    altered = count.result_json.replace(f'"quota": "{json.loads(count.result_json)["quota"]}"', '"quota": "1"', 1)
    assert altered != count.result_json
    Count.objects.filter(pk=count.pk).update(result_flows_json="", result_json=altered)
    cache.clear()
    urls = [
        reverse("results:analysis", args=[count.pk]),
        reverse("results:analysis_download", args=[count.pk, "transfers", "csv"]),
        reverse("api:count_analysis", args=[count.pk]),
    ]
    for url in urls:
        response = _get(client, rita, url)
        assert response.status_code == 409, url
        assert NOT_REPRODUCED in html.unescape(response.content.decode()), url
    assert response.json()["detail"] == NOT_REPRODUCED
