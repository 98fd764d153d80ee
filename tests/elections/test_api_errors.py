"""The API answers every error in one JSON shape, ``{"detail": ..., "errors": ...}``, with one
status per kind of error, whichever view it comes from (elections/api_errors.py)."""

import json
import logging

import pytest
from django.test import RequestFactory

from elections import api_errors, services
from elections.models import StatementRevision


def statement_url(candidate, kind="ballot"):
    return f"/api/candidates/{candidate.pk}/statements/{kind}/"


def shape(response):
    body = response.json()
    assert set(body) >= {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in body["errors"].values())
    return body


def test_a_malformed_request_is_400_naming_the_field(client_for, ayesha):
    response = client_for(ayesha.user).put(
        statement_url(ayesha), {"publish": "perhaps"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = shape(response)
    assert set(body["errors"]) == {"body", "publish"}
    assert body["detail"].startswith("body: This field is required.") and "1 more problem" in body["detail"]


def test_a_body_that_is_not_json_is_400(client_for, ayesha):
    response = client_for(ayesha.user).put(statement_url(ayesha), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert shape(response)["errors"] == {}


def test_a_signed_out_caller_is_403(client, section):
    response = client.get("/api/elections/")
    assert response.status_code == 403
    assert shape(response) == {"detail": "Authentication credentials were not provided.", "errors": {}}


def test_a_permission_refusal_is_403_with_its_reason(client_for, alice, ayesha):
    response = client_for(alice).put(statement_url(ayesha), {"body": "Mine now"}, content_type="application/json")
    assert response.status_code == 403
    assert shape(response)["detail"] == (
        "Only Ayesha Rahman and the returning officers of NEC 2026 can edit these statements."
    )


def test_a_missing_thing_is_404(client_for, alice, section):
    response = client_for(alice).get("/api/candidates/987654/")
    assert response.status_code == 404
    assert shape(response) == {"detail": "No Candidate matches the given query.", "errors": {}}


@pytest.mark.parametrize("path", ["/api/nope/", "/api/candidates/abc/", "/api/schema/nope/"])
def test_an_address_under_the_api_that_does_not_exist_is_json_404(client_for, alice, path):
    response = client_for(alice).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert shape(response) == {"detail": api_errors.NOT_FOUND, "errors": {}}


def test_pages_outside_the_api_still_get_the_html_404(client_for, alice):
    response = client_for(alice).get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_method_the_endpoint_does_not_have_is_405(client_for, alice, section):
    response = client_for(alice).delete("/api/elections/")
    assert response.status_code == 405
    assert shape(response)["errors"] == {}


def test_a_locked_statement_is_a_409_conflict_not_a_403(client_for, rita, ayesha, section):
    services.section_lock_statements(section=section, user=rita)
    response = client_for(ayesha.user).put(
        statement_url(ayesha), {"body": "Late words"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert shape(response)["detail"] == section.__class__.objects.get(pk=section.pk).statements_lock_reason
    assert not StatementRevision.objects.exists()


def test_a_rule_broken_by_the_content_is_422_with_the_field(client_for, ayesha, section):
    too_long = " ".join(["word"] * (section.statement_word_limit + 1))
    response = client_for(ayesha.user).put(
        statement_url(ayesha), {"body": too_long, "publish": True}, content_type="application/json"
    )
    assert response.status_code == 422
    body = shape(response)
    assert list(body["errors"]) == ["body"] and "Please remove 1 word before publishing it" in body["errors"]["body"][0]


def test_unconfirmed_contact_details_are_422_with_what_was_found(client_for, ayesha):
    data = {"body": "Call 07700 900123", "publish": True}
    response = client_for(ayesha.user).put(statement_url(ayesha, "long-form"), data, content_type="application/json")
    assert response.status_code == 422
    body = shape(response)
    assert body["contact_details"] == [{"kind": "phone", "text": "07700 900123"}]
    assert list(body["errors"]) == ["confirm_contact_details"]


def test_an_unexpected_error_is_a_json_500_without_a_traceback_and_is_logged(
    client_for, alice, section, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("the nominations table went away")

    monkeypatch.setattr("elections.apis.selectors.ballot_status_for", broken)
    with caplog.at_level(logging.ERROR, logger="elections.api"):
        response = client_for(alice).get(f"/api/sections/{section.pk}/candidates/")
    assert response.status_code == 500
    assert shape(response) == {"detail": api_errors.SERVER_ERROR, "errors": {}}
    assert "nominations table" not in response.content.decode() and "Traceback" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "elections.api"]
    assert record.exc_info[0] is RuntimeError


def test_django_error_views_answer_json_under_the_api_and_html_elsewhere():
    api, page = RequestFactory().get("/api/anything/"), RequestFactory().get("/elections/")
    response = api_errors.server_error(api)
    assert response.status_code == 500 and json.loads(response.content) == {
        "detail": api_errors.SERVER_ERROR,
        "errors": {},
    }
    assert api_errors.server_error(page)["Content-Type"].startswith("text/html")
    assert json.loads(api_errors.bad_request(api, Exception()).content)["errors"] == {}


def test_a_json_body_over_the_request_limit_is_413(client_for, ayesha, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client_for(ayesha.user).put(
        statement_url(ayesha, "long-form"), {"body": "x" * 5000}, content_type="application/json"
    )
    assert response.status_code == 413
    assert shape(response)["errors"] == {}
    assert not StatementRevision.objects.exists()


def test_json_nested_too_deeply_is_400_not_a_crash(client_for, ayesha):
    response = client_for(ayesha.user).put(statement_url(ayesha), "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in shape(response)["detail"]
