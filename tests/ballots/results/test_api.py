"""The API: the same services and the same refusals as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ballots.results.models import BallotReturn, BallotSet, Count
from tests.ballots.results.factories import blt, declare


def test_the_returning_officer_uploads_a_ballot_file(client_for, rita, section, good_blt):
    response = client_for(rita).post(
        "/api/results/ballot-sets/", {"section": section.pk, "file": SimpleUploadedFile("a.blt", good_blt)}
    )
    assert response.status_code == 201, response.content
    assert response.json()["ballots_total"] == 17
    assert BallotSet.objects.get().sha256 == response.json()["sha256"]


def test_a_broken_upload_returns_the_report_and_stores_nothing(client_for, rita, section):
    data = blt(["Ann Able", "Bob Baker", "Cat Cole", "Dan Dean", "Eve Ennis"], ["1 2 2 0"])
    response = client_for(rita).post(
        "/api/results/ballot-sets/", {"section": section.pk, "file": SimpleUploadedFile("a.blt", data)}
    )
    assert response.status_code == 422
    assert response.json()["report"]["problems"] == [{"line": 2, "reason": "candidate 2 appears twice on one ballot"}]
    assert BallotSet.objects.count() == 0


@pytest.mark.parametrize("who", ["alice", "otto", "nobody"])
def test_others_cannot_upload_over_the_api(client_for, section, good_blt, who, request):
    client = client_for(request.getfixturevalue(who))
    response = client.post(
        "/api/results/ballot-sets/", {"section": section.pk, "file": SimpleUploadedFile("a.blt", good_blt)}
    )
    assert response.status_code == 403
    assert "can load ballots" in response.json()["detail"]


def test_a_member_lists_no_ballot_sets(client_for, alice, ballot_set):
    assert client_for(alice).get("/api/results/ballot-sets/").json()["results"] == []


def test_a_member_cannot_read_a_ballot_set(client_for, alice, ballot_set):
    assert client_for(alice).get(f"/api/results/ballot-sets/{ballot_set.pk}/").status_code == 403


def test_the_returning_officer_runs_a_count_and_reads_it(client_for, rita, ballot_set):
    client = client_for(rita)
    response = client.post(
        "/api/results/counts/", {"ballot_set": ballot_set.pk, "seed": 7}, content_type="application/json"
    )
    assert response.status_code == 202, response.content
    count_id = response.json()["id"]
    data = client.get(f"/api/results/counts/{count_id}/").json()
    assert data["status"] == "done" and data["result"]["quota"] == "5.67" and len(data["elected"]) == 2


def test_a_count_with_impossible_parameters_is_refused_with_the_reason(client_for, rita, ballot_set):
    response = client_for(rita).post(
        "/api/results/counts/", {"ballot_set": ballot_set.pk, "seats": 9}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "more candidates than seats" in response.json()["errors"]["seats"][0]


def test_members_cannot_run_counts_over_the_api(client_for, alice, ballot_set):
    response = client_for(alice).post(
        "/api/results/counts/", {"ballot_set": ballot_set.pk}, content_type="application/json"
    )
    assert response.status_code == 403 and Count.objects.count() == 0


def test_a_member_sees_a_count_only_once_declared(client_for, rita, alice, count):
    client = client_for(alice)
    assert client.get(f"/api/results/counts/{count.pk}/").status_code == 403
    assert client.get("/api/results/counts/").json()["results"] == []
    assert client.get("/api/results/declared/").json()["results"] == []
    declare(rita, count)
    assert client.get(f"/api/results/counts/{count.pk}/").json()["elected"] == count.elected
    assert [c["id"] for c in client.get("/api/results/declared/").json()["results"]] == [count.pk]


def test_someone_without_membership_cannot_list_declared_results(client_for, nobody, count):
    response = client_for(nobody).get("/api/results/declared/")
    assert response.status_code == 403 and "no membership record" in response.json()["detail"]


def test_a_recount_over_the_api_needs_a_reason(client_for, rita, count):
    client = client_for(rita)
    assert (
        client.post(f"/api/results/counts/{count.pk}/recount/", {}, content_type="application/json").status_code == 400
    )
    response = client.post(
        f"/api/results/counts/{count.pk}/recount/", {"reason": "Checking", "seed": 7}, content_type="application/json"
    )
    assert response.status_code == 202 and response.json()["recount_of"] == count.pk


def test_returns_over_the_api_are_checked(client_for, rita, alice, section):
    ids = list(section.candidates.values_list("pk", flat=True))
    body = {"section": section.pk, "method": "fptp", "electorate": 10, "ballots_issued": 10, "ballots_returned": 9,
            "ballots_spoilt": 1, "ballots_valid": 8, "votes": {str(ids[0]): 5, str(ids[1]): 2}}  # fmt: skip
    bad = client_for(rita).post("/api/results/returns/", body, content_type="application/json")
    assert bad.status_code == 422 and "not the 8 valid ballots" in bad.json()["errors"]["votes"][0]
    assert client_for(alice).post("/api/results/returns/", body, content_type="application/json").status_code == 403
    body["votes"][str(ids[1])] = 3
    assert client_for(rita).post("/api/results/returns/", body, content_type="application/json").status_code == 201
    assert BallotReturn.objects.count() == 1


def test_the_results_endpoints_are_in_the_openapi_schema(client_for, alice):
    schema = client_for(alice).get("/api/schema/").content.decode()
    for path in (
        "/api/results/ballot-sets/",
        "/api/results/returns/",
        "/api/results/counts/{id}/declare/",
        "/api/results/declared/",
    ):
        assert path in schema


def test_an_upload_over_the_limit_is_refused_with_the_command_to_use(client_for, rita, section, good_blt, settings):
    settings.RESULTS_UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("big.blt", good_blt + b"#" * (70 * 1024))
    response = client_for(rita).post("/api/results/ballot-sets/", {"section": section.pk, "file": big})
    assert response.status_code == 413
    assert "python manage.py load_ballots" in response.json()["detail"]
    assert BallotSet.objects.count() == 0
