"""The API serves candidates, slates and published statements, and writes under the page rules."""

import datetime as dt

import pytest
import yaml
from django.utils import timezone

from elections import selectors, services
from elections.models import Statement, StatementRevision
from tests import factories


def statement_url(candidate, kind="long-form"):
    return f"/api/candidates/{candidate.pk}/statements/{kind}/"


def test_members_read_a_sections_candidates_with_filters(client_for, alice, section, ayesha, ben, monkeypatch):
    slate = factories.SlateFactory(election=section.election, name="Open Labour", slug="open-labour")
    factories.EndorsementFactory(slate=slate, candidate=ben, position=1)
    monkeypatch.setattr(selectors, "ballot_status_for", lambda s: {ayesha.pk: True, ben.pk: False})
    client = client_for(alice)
    body = client.get(f"/api/sections/{section.pk}/candidates/").json()
    assert [c["display_name"] for c in body["results"]] == ["Ayesha Rahman", "Ben Okafor"]
    assert [c["on_ballot"] for c in body["results"]] == [True, False]
    body = client.get(f"/api/sections/{section.pk}/candidates/", {"slate": "open-labour"}).json()
    assert [(c["display_name"], c["endorsements"][0]["slate"]) for c in body["results"]] == [
        ("Ben Okafor", "Open Labour")
    ]


def test_a_candidates_gender_is_absent_unless_they_opt_in(client_for, alice, ayesha):
    ayesha.gender = "woman"
    ayesha.save()
    assert client_for(alice).get(f"/api/candidates/{ayesha.pk}/").json()["gender"] is None
    ayesha.show_gender = True
    ayesha.save()
    assert client_for(alice).get(f"/api/candidates/{ayesha.pk}/").json()["gender"] == "Woman"


def test_slates_list_their_candidates_in_order(client_for, alice, section, ayesha, ben):
    slate = factories.SlateFactory(election=section.election, name="CLGA", slug="clga", description="**Members first**")
    factories.EndorsementFactory(slate=slate, candidate=ben, position=1)
    factories.EndorsementFactory(slate=slate, candidate=ayesha, position=2)
    body = client_for(alice).get("/api/slates/", {"election": "nec-2026"}).json()
    (only,) = body["results"]
    assert [e["display_name"] for e in only["endorsements"]] == ["Ben Okafor", "Ayesha Rahman"]
    assert only["description_html"] == "<p><strong>Members first</strong></p>"


def test_members_read_only_the_published_statement(client_for, alice, ayesha):
    services.statement_save(candidate=ayesha, kind="long-form", body="Published words", user=ayesha.user, publish=True)
    services.statement_save(candidate=ayesha, kind="long-form", body="Draft words", user=ayesha.user)
    body = client_for(alice).get(statement_url(ayesha)).json()
    assert (body["state"], body["revision"], body["body"]) == ("published", 1, "Published words")
    assert body["html"] == "<p>Published words</p>"


def test_the_candidate_writes_through_the_api(client_for, ayesha):
    client = client_for(ayesha.user)
    response = client.put(
        statement_url(ayesha, "ballot"), {"body": "Vote for me.", "publish": True}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["number"] == 1 and response.json()["published"] is True
    response = client.patch(
        statement_url(ayesha, "ballot"), {"body": "Vote for me, please."}, content_type="application/json"
    )
    assert response.json()["published"] is False
    assert [r["number"] for r in client.get(statement_url(ayesha, "ballot") + "revisions/").json()["results"]] == [2, 1]


@pytest.mark.parametrize("who", ["alice", "otto", "ben"])
def test_the_api_refuses_others_writes_and_history(request, client_for, ayesha, ben, who):
    user = ben.user if who == "ben" else request.getfixturevalue(who)
    client = client_for(user)
    response = client.put(statement_url(ayesha), {"body": "Hijack", "publish": True}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only Ayesha Rahman and the returning officers of NEC 2026 can edit these statements.",
        "errors": {},
    }
    assert client.get(statement_url(ayesha) + "revisions/").status_code == 403
    assert not StatementRevision.objects.exists()


def test_the_api_refuses_signed_out_readers(client, ayesha):
    assert client.get(statement_url(ayesha)).status_code == 403


def test_the_api_refuses_over_the_word_limit_and_unconfirmed_contact_details(client_for, ayesha, section):
    section.statement_word_limit = 3
    section.save()
    client = client_for(ayesha.user)
    response = client.put(
        statement_url(ayesha, "ballot"),
        {"body": "one two three four", "publish": True},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "has 4 words; the limit in CLP section is 3" in response.json()["errors"]["body"][0]
    draft = client.put(statement_url(ayesha, "ballot"), {"body": "one two three four"}, content_type="application/json")
    assert draft.status_code == 200, "a draft may run over the limit"
    response = client.put(
        statement_url(ayesha), {"body": "Call 07700 900123", "publish": True}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["contact_details"] == [{"kind": "phone", "text": "07700 900123"}]
    response = client.put(
        statement_url(ayesha), {"body": "Call 07700 900123", "publish": True, "confirm_contact_details": True},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200


def test_the_api_refuses_edits_after_the_lock_with_the_reason(client_for, ayesha, rita, section):
    response = client_for(rita).post(
        f"/api/sections/{section.pk}/statements-lock/",
        {"at": timezone.make_aware(dt.datetime(2026, 7, 1, 12, 0)).isoformat()}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["locked"] is True
    response = client_for(ayesha.user).put(statement_url(ayesha), {"body": "Late"}, content_type="application/json")
    assert response.status_code == 409  # a rule of the election, not "not yours"
    assert (
        response.json()["detail"]
        == "Statements for CLP section were locked by the returning officer at 12:00 on 1 July 2026."
    )


def test_only_returning_officers_lock_or_hide_through_the_api(client_for, ayesha, alice, rita, section):
    services.statement_save(candidate=ayesha, kind="long-form", body="Text", user=ayesha.user, publish=True)
    client = client_for(alice)
    assert (
        client.post(f"/api/sections/{section.pk}/statements-lock/", {}, content_type="application/json").status_code
        == 403
    )
    assert (
        client.post(statement_url(ayesha) + "hide/", {"reason": "x"}, content_type="application/json").status_code
        == 403
    )
    response = client_for(rita).post(
        statement_url(ayesha) + "hide/", {"reason": "Complaint upheld"}, content_type="application/json"
    )
    assert response.json()["state"] == "hidden"
    body = client.get(statement_url(ayesha)).json()
    assert (body["state"], body["body"], body["withdrawn_reason"]) == ("hidden", None, "Complaint upheld")
    assert Statement.objects.get(candidate=ayesha).hidden_by == rita


def test_the_openapi_schema_lists_the_endpoints(client_for, alice):
    response = client_for(alice).get("/api/schema/")
    assert response.status_code == 200
    paths = yaml.safe_load(response.content)["paths"]
    for path in [
        "/api/sections/{section_id}/candidates/",
        "/api/sections/{section_id}/statements-lock/",
        "/api/candidates/{id}/",
        "/api/candidates/{candidate_id}/statements/{kind}/",
        "/api/candidates/{candidate_id}/statements/{kind}/revisions/",
        "/api/candidates/{candidate_id}/statements/{kind}/hide/",
        "/api/slates/",
        "/api/slates/{id}/",
    ]:
        assert path in paths, path
    statement = paths["/api/candidates/{candidate_id}/statements/{kind}/"]
    assert {"get", "put", "patch"} <= set(statement)
    assert "slate" in [p["name"] for p in paths["/api/sections/{section_id}/candidates/"]["get"]["parameters"]]


def test_the_candidates_endpoint_takes_a_bounded_number_of_queries(
    client_for, alice, section, django_assert_max_num_queries
):
    slate = factories.SlateFactory(election=section.election)
    for _ in range(40):
        factories.EndorsementFactory(
            slate=slate, candidate=factories.CandidateFactory(section=section, home_clp=factories.CLPFactory())
        )
    client = client_for(alice)
    client.get(f"/api/sections/{section.pk}/candidates/")  # the first visit may create the nomination rules
    with django_assert_max_num_queries(13):  # ten of our own, three for the nominations status
        body = client.get(f"/api/sections/{section.pk}/candidates/").json()
    assert body["count"] == 40


@pytest.mark.parametrize("path", ["statements/manifesto/", "statements/manifesto/revisions/"])
def test_an_unknown_kind_of_statement_is_not_found(client_for, ayesha, path):
    assert client_for(ayesha.user).get(f"/api/candidates/{ayesha.pk}/{path}").status_code == 404
    assert client_for(ayesha.user).get(f"{ayesha.get_absolute_url()}statements/manifesto/edit/").status_code == 404
