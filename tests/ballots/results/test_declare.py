"""Declaring: two steps (a confirmation page, then a confirmation echoing the result's SHA-256),
refused with the reason (409 or 422, never 403) unless the ballot has closed, the count is not a
trial, it finished, it used the section's own seats and minimum of women and no other result is
declared. No undeclare: a declared result is replaced only by a recount declared with a reason."""

import html
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ballots.results import selectors, services
from ballots.results.models import Count
from elections.models import AuditEntry, Section
from tests.ballots.results.factories import declare, open_ballot


def page_declare(client, count, **data):
    return client.post(reverse("results:count_declare", args=[count.pk]), data)


def api_declare(client, count, **data):
    return client.post(f"/api/results/counts/{count.pk}/declare/", data, content_type="application/json")


def assert_refused_everywhere(client, count, status, message, **data):
    """The same refusal on the confirmation page (beside the control) and in the API, nothing declared."""
    data.setdefault("confirm", count.result_sha256)
    response = page_declare(client, count, **data)
    assert response.status_code == status and message in html.unescape(response.content.decode())
    response = api_declare(client, count, **data)
    assert response.status_code == status and response.json()["detail"].startswith(message), response.json()
    count.refresh_from_db()
    assert count.declared_at is None
    assert not AuditEntry.objects.filter(action="count.declared", object_id=count.pk).exists()


# -- the two steps ---------------------------------------------------------------------------------
def test_the_confirmation_page_shows_what_would_be_declared_and_what_it_locks(client_for, rita, count):
    page = client_for(rita).get(reverse("results:count_declare", args=[count.pk])).content.decode()
    for name in count.elected:
        woman = " (woman)" if name in count.women else ""
        assert f"<li>{name}{woman}</li>" in page
    assert count.input_sha256 in page and count.result_sha256 in page
    assert "<dt>Seats</dt><dd>2</dd>" in page and "<dt>Minimum number of women</dt><dd>1</dd>" in page
    assert "Declaring is final: there is no undeclare." in page
    assert "are frozen for good" in page
    assert f'value="{count.result_sha256}"' in page and "Yes, declare count" in page
    count.refresh_from_db()
    assert count.declared_at is None  # looking is not declaring


def test_the_second_step_declares_and_locks_the_section(client_for, rita, count):
    response = page_declare(client_for(rita), count, confirm=count.result_sha256)
    assert response.status_code == 302 and response["Location"] == count.get_absolute_url()
    count.refresh_from_db()
    assert count.declared_by == rita and count.declared_at is not None
    assert Section.objects.get(pk=count.section_id).counting_lock == "declared"
    entry = AuditEntry.objects.get(action="count.declared")
    assert entry.details["result_sha256"] == count.result_sha256 and entry.details["supersedes"] is None


def test_the_api_previews_then_declares_with_the_confirmation(client_for, rita, count):
    client = client_for(rita)
    preview = client.get(f"/api/results/counts/{count.pk}/declare/").json()
    assert preview["result_sha256"] == count.result_sha256 and preview["refusals"] == []
    assert [p["name"] for p in preview["elected"]] == count.elected
    assert preview["locks"][0] == "Declaring is final: there is no undeclare."
    response = api_declare(client, count, confirm=preview["result_sha256"])
    assert response.status_code == 200 and response.json()["declared_by"] == "rita"


@pytest.mark.parametrize("confirm", ["", "0" * 64])
def test_without_the_matching_confirmation_nothing_is_declared(client_for, rita, count, confirm):
    message = f"Confirm the result you checked: send the SHA-256 of count {count.pk}'s result"
    assert_refused_everywhere(client_for(rita), count, 422, message, confirm=confirm)
    response = api_declare(client_for(rita), count, confirm=confirm)
    assert response.json()["errors"] == {"confirm": ["This does not match the result's SHA-256."]}


# -- the rules -------------------------------------------------------------------------------------
def test_a_result_cannot_be_declared_before_the_ballot_closes(client_for, rita, count):
    Section.objects.filter(pk=count.section_id).update(**{k: v for k, v in open_ballot().items()})
    closes = timezone.localtime(Section.objects.get(pk=count.section_id).ballot_closes)
    message = (
        f"The ballot for NEC 2026 — CLP section closes at {closes:%H:%M} on {closes.day} {closes:%B %Y}; "
        "a result can be declared only after the ballot has closed."
    )
    assert_refused_everywhere(client_for(rita), count, 409, message)


def test_a_count_run_before_the_ballot_closed_is_a_marked_trial_and_never_declared(client_for, rita, ballot_set):
    section = ballot_set.section
    Section.objects.filter(pk=section.pk).update(**open_ballot())
    trial = services.count_request(user=rita, ballot_set=ballot_set)
    trial.refresh_from_db()
    assert trial.is_trial
    page = client_for(rita).get(trial.get_absolute_url()).content.decode()
    assert "Trial count." in page and "Declare this count as the result" not in page
    Section.objects.filter(pk=section.pk).update(ballot_closes=timezone.now() - timezone.timedelta(minutes=1))
    message = (
        f"Count {trial.pk} is a trial count, run before the ballot closed; a trial can never be declared. "
        "Once the ballot has closed, run the count again and declare that one."
    )
    assert_refused_everywhere(client_for(rita), trial, 409, message)
    after = services.count_request(user=rita, ballot_set=ballot_set)
    after.refresh_from_db()
    assert not after.is_trial and declare(rita, after).declared_at is not None


def test_the_ballot_set_page_says_a_count_run_now_would_be_a_trial(client_for, rita, ballot_set):
    Section.objects.filter(pk=ballot_set.section_id).update(**open_ballot())
    page = client_for(rita).get(ballot_set.get_absolute_url()).content.decode()
    assert "a count run now is a <strong>trial</strong>" in page and "Run a trial count" in page


def test_a_count_that_has_not_finished_cannot_be_declared(client_for, rita, count):
    Count.objects.filter(pk=count.pk).update(status="failed")
    message = f"Count {count.pk} has not finished successfully, so it cannot be declared."
    assert_refused_everywhere(client_for(rita), count, 409, message)


def test_a_count_for_a_different_number_of_seats_cannot_be_declared(client_for, rita, ballot_set):
    count = services.count_request(user=rita, ballot_set=ballot_set, seats=1, min_women=1)
    count.refresh_from_db()
    message = f"NEC 2026 — CLP section elects 2; count {count.pk} filled 1 seats."
    assert_refused_everywhere(client_for(rita), count, 422, message)


@pytest.mark.parametrize("min_women", [0, 2])
def test_a_count_run_with_another_minimum_of_women_cannot_be_declared(client_for, rita, ballot_set, min_women):
    count = services.count_request(user=rita, ballot_set=ballot_set, min_women=min_women)
    count.refresh_from_db()
    message = (
        f"NEC 2026 — CLP section requires at least 1 women; count {count.pk} was run with a minimum of {min_women}. "
        "Only a count run with the section's own minimum can be declared."
    )
    assert_refused_everywhere(client_for(rita), count, 422, message)


def test_a_second_result_cannot_be_declared(client_for, rita, count, ballot_set):
    other = services.count_request(user=rita, ballot_set=ballot_set, seed=3)
    other.refresh_from_db()
    declare(rita, count)
    at = timezone.localtime(Count.objects.get(pk=count.pk).declared_at)
    message = (
        f"The result of NEC 2026 — CLP section was declared at {at:%H:%M} on {at.day} {at:%B %Y} (count {count.pk}); "
        "it can be replaced only by declaring a recount of the same ballots, with a reason."
    )
    assert_refused_everywhere(client_for(rita), other, 409, message)


def test_a_declared_count_cannot_be_declared_again(client_for, rita, count):
    declare(rita, count)
    message = f"Count {count.pk} is already the declared result of NEC 2026 — CLP section."
    response = api_declare(client_for(rita), count, confirm=count.result_sha256)
    assert response.status_code == 409 and response.json()["detail"] == message
    assert AuditEntry.objects.filter(action="count.declared").count() == 1


def test_the_sheet_offers_declaring_only_where_it_is_possible_and_says_why_not(client_for, rita, ballot_set, count):
    other = services.count_request(user=rita, ballot_set=ballot_set, min_women=0)
    client = client_for(rita)
    page = client.get(count.get_absolute_url()).content.decode()
    assert reverse("results:count_declare", args=[count.pk]) in page
    page = client.get(other.get_absolute_url()).content.decode()
    assert reverse("results:count_declare", args=[other.pk]) not in page
    assert f"Count {other.pk} cannot be declared:" in page and "was run with a minimum of 0" in html.unescape(page)


@pytest.mark.parametrize("who", ["alice", "otto", "nobody"])
def test_only_returning_officers_and_staff_declare(client_for, count, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("results:count_declare", args=[count.pk])).status_code == 403
    assert page_declare(client, count, confirm=count.result_sha256).status_code == 403
    assert api_declare(client, count, confirm=count.result_sha256).status_code == 403
    count.refresh_from_db()
    assert count.declared_at is None


def test_staff_may_declare(stella, count):
    assert declare(stella, count).declared_by == stella


# -- after a declaration ---------------------------------------------------------------------------
def _locked_message(count):
    at = timezone.localtime(Count.objects.get(pk=count.pk).declared_at)
    return (
        f"The result of NEC 2026 — CLP section was declared at {at:%H:%M} on {at.day} {at:%B %Y}; it is locked, so "
        f"nothing more can be loaded or counted for it, except a recount of the declared count {count.pk}, with a reason."
    )


def test_after_a_declaration_no_ballots_are_loaded_on_the_page_or_in_the_api(client_for, rita, count, good_blt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    declare(rita, count)
    client = client_for(rita)
    url = reverse("results:upload", args=["nec-2026", count.section.slug])
    assert _locked_message(count) in html.unescape(client.get(url).content.decode())
    response = client.post(url, {"file": SimpleUploadedFile("x.blt", good_blt + b"\n"), "mapping": "name"})
    assert response.status_code == 409 and _locked_message(count) in html.unescape(response.content.decode())
    response = client.post(
        "/api/results/ballot-sets/",
        {"section": count.section_id, "file": SimpleUploadedFile("x.blt", good_blt + b"\n"), "mapping": "name"},
    )
    assert response.status_code == 409 and response.json() == {"detail": _locked_message(count), "errors": {}}
    with pytest.raises(services.BallotFileRejected.__mro__[0].__base__):  # a Refusal, never a 403
        services.ballot_set_load(section=count.section, user=rita, fileobj=io.BytesIO(good_blt + b"\n"), filename="x")
    assert count.section.ballot_sets.count() == 1


def test_after_a_declaration_no_return_is_recorded_on_the_page_or_in_the_api(client_for, rita, count):
    declare(rita, count)
    client = client_for(rita)
    url = reverse("results:return_create", args=["nec-2026", count.section.slug])
    response = client.post(url, {"method": "fptp", "electorate": 10, "ballots_issued": 5, "ballots_returned": 5,
                                 "ballots_spoilt": 0, "ballots_valid": 5})  # fmt: skip
    assert response.status_code == 409 and _locked_message(count) in html.unescape(response.content.decode())
    data = {"section": count.section_id, "method": "fptp", "electorate": 10, "ballots_issued": 5,
            "ballots_returned": 5, "ballots_spoilt": 0, "ballots_valid": 5, "votes": {}}  # fmt: skip
    response = client.post("/api/results/returns/", data, content_type="application/json")
    assert response.status_code == 409 and response.json()["detail"] == _locked_message(count)


def test_after_a_declaration_only_a_recount_of_the_declared_ballots_is_run(client_for, rita, count, ballot_set):
    declare(rita, count)
    client = client_for(rita)
    response = client.post(
        reverse("results:count_create", args=[ballot_set.pk]),
        {"method": "ers97", "seats": 2, "min_women": 1, "seed": 0},
    )
    assert response.status_code == 409 and _locked_message(count) in html.unescape(response.content.decode())
    response = client.post("/api/results/counts/", {"ballot_set": ballot_set.pk}, content_type="application/json")
    assert response.status_code == 409 and response.json()["detail"] == _locked_message(count)
    assert Count.objects.count() == 1
    recount = services.count_request(user=rita, ballot_set=ballot_set, recount_of=count, reason="Agent's request")
    assert recount.recount_of == count


def test_a_recount_replaces_the_declared_result_only_when_declared_with_a_reason(client_for, rita, count, ballot_set):
    declare(rita, count)
    recount = services.count_request(user=rita, ballot_set=ballot_set, recount_of=count, reason="Agent's request")
    recount.refresh_from_db()
    client = client_for(rita)
    page = client.get(reverse("results:count_declare", args=[recount.pk])).content.decode()
    assert f"This replaces the declared result, count {count.pk}" in page and "Reason for replacing" in page
    message = (
        f"Declaring count {recount.pk} replaces the declared result (count {count.pk}): give the reason for "
        "replacing it. It is shown with both results."
    )
    assert_refused_everywhere(client, recount, 422, message)

    response = page_declare(client, recount, confirm=recount.result_sha256, reason="Bundle of 50 found uncounted")
    assert response.status_code == 302
    count.refresh_from_db()
    recount.refresh_from_db()
    assert count.superseded_by == recount and count.superseded_at is not None
    assert recount.declaration_reason == "Bundle of 50 found uncounted"
    assert selectors.declared_count(count.section) == recount
    old_sheet = client.get(count.get_absolute_url()).content.decode()
    assert "Superseded." in old_sheet and f"count {recount.pk}</a>" in old_sheet
    new_sheet = client.get(recount.get_absolute_url()).content.decode()
    assert "Declarations of this section" in new_sheet and "Bundle of 50 found uncounted" in new_sheet
    assert AuditEntry.objects.filter(action="count.declared").first().details["supersedes"] == count.pk  # newest first
