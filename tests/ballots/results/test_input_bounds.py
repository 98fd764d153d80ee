"""Numbers beyond the database's range, on the results API and pages, are refused naming the field
(they reached the database as 500s, or were stored in JSON unbounded)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ballots.results.models import BallotReturn, BallotSet, Count
from tests.ballots.results.test_returns import figures

HUGE = 99999999999999999999


def api_return(section, **changes):
    data = figures(section, **changes)
    data["votes"] = {str(k): v for k, v in data["votes"].items()}
    return {"section": section.pk, **data}


@pytest.mark.parametrize(
    "field", ["electorate", "ballots_issued", "ballots_returned", "ballots_spoilt", "ballots_valid"]
)
def test_a_return_with_a_huge_figure_is_refused_naming_it(client_for, rita, section, field):
    response = client_for(rita).post(
        "/api/results/returns/", api_return(section, **{field: HUGE}), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]
    assert BallotReturn.objects.count() == 0


@pytest.mark.parametrize("key_is_huge", [True, False])
def test_a_return_with_huge_votes_or_a_huge_candidate_id_is_refused(client_for, rita, section, key_is_huge):
    data = api_return(section)
    first = next(iter(data["votes"]))
    data["votes"] = {str(HUGE): 1} if key_is_huge else {**data["votes"], first: HUGE}
    response = client_for(rita).post("/api/results/returns/", data, content_type="application/json")
    assert response.status_code == 400, response.content
    assert any(name.startswith("votes") for name in response.json()["errors"])


@pytest.mark.parametrize(("field", "value"), [("seats", HUGE), ("seats", 101), ("min_women", HUGE), ("seed", HUGE)])
def test_a_count_with_a_huge_parameter_is_refused_naming_it(client_for, rita, ballot_set, field, value):
    response = client_for(rita).post(
        "/api/results/counts/", {"ballot_set": ballot_set.pk, field: value}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]
    assert Count.objects.count() == 0


def test_a_huge_ballot_set_id_is_refused_naming_the_field(client_for, rita, ballot_set):
    response = client_for(rita).post("/api/results/counts/", {"ballot_set": HUGE}, content_type="application/json")
    assert response.status_code == 400
    assert "ballot_set" in response.json()["errors"]


def test_an_upload_with_a_huge_electorate_is_refused(client_for, rita, section, good_blt):
    upload = SimpleUploadedFile("a.blt", good_blt)
    response = client_for(rita).post(
        "/api/results/ballot-sets/", {"section": section.pk, "file": upload, "electorate": HUGE}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["electorate"]
    assert BallotSet.objects.count() == 0


def test_the_return_page_refuses_huge_votes_beside_the_field(client_for, rita, section):
    data = {k: v for k, v in figures(section).items() if k != "votes"}
    for pk, votes in figures(section)["votes"].items():
        data[f"votes_{pk}"] = HUGE if votes == 30 else votes
    response = client_for(rita).post(reverse("results:return_create", args=[section.election.slug, section.slug]), data)
    assert response.status_code == 422
    assert "less than or equal to 2147483647" in response.content.decode()
    assert BallotReturn.objects.count() == 0


def test_counting_a_return_with_a_huge_seed_is_refused_with_the_reason(client_for, rita, section):
    from ballots.results import services

    ret = services.return_record(section=section, user=rita, **figures(section))
    client = client_for(rita)
    response = client.post(reverse("results:return_count", args=[ret.pk]), {"seed": str(HUGE)})
    assert response.status_code == 422  # refused on the return's page, beside the seed
    assert "less than or equal to 2147483647" in response.content.decode()
    assert Count.objects.count() == 0


def test_a_count_page_with_a_huge_seed_is_refused_on_the_page(client_for, rita, ballot_set):
    url = reverse("results:count_create", args=[ballot_set.pk])
    data = {"method": "ers97", "seats": "2", "min_women": "1", "seed": str(HUGE)}
    response = client_for(rita).post(url, data)
    assert response.status_code == 422
    assert Count.objects.count() == 0
