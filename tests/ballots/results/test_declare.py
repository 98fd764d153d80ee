"""Declaring a count: once, by the returning officer, never in breach of the gender minimum."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ballots.results import services
from ballots.results.models import Count


def test_the_returning_officer_declares_a_count(client_for, rita, count):
    response = client_for(rita).post(reverse("results:count_declare", args=[count.pk]))
    assert response.status_code == 302
    count.refresh_from_db()
    assert count.declared_by == rita and count.declared_at is not None


def test_a_second_declaration_is_refused(rita, count, ballot_set):
    other = services.count_request(user=rita, ballot_set=ballot_set, seed=3)
    services.count_declare(user=rita, count=count)
    with pytest.raises(PermissionDenied, match="was declared at .* it is locked"):
        services.count_declare(user=rita, count=other)


def test_after_declaration_nothing_more_can_be_loaded_or_counted(rita, count, ballot_set, good_blt):
    services.count_declare(user=rita, count=count)
    with pytest.raises(PermissionDenied, match="locked"):
        services.count_request(user=rita, ballot_set=ballot_set, recount_of=count, reason="late request")
    with pytest.raises(PermissionDenied, match="locked"):
        services.ballot_set_load(
            section=ballot_set.section, user=rita, fileobj=io.BytesIO(good_blt + b"\n"), filename="x.blt"
        )


def test_a_failed_count_cannot_be_declared(rita, count):
    Count.objects.filter(pk=count.pk).update(status="failed")
    count.refresh_from_db()
    with pytest.raises(PermissionDenied, match="has not finished successfully"):
        services.count_declare(user=rita, count=count)


def test_a_count_run_with_a_lower_gender_minimum_cannot_be_declared(rita, ballot_set):
    count = services.count_request(user=rita, ballot_set=ballot_set, min_women=0)
    with pytest.raises(PermissionDenied, match="requires at least 1 women"):
        services.count_declare(user=rita, count=count)


def test_a_count_for_a_different_number_of_seats_cannot_be_declared(rita, ballot_set):
    count = services.count_request(user=rita, ballot_set=ballot_set, seats=1, min_women=1)
    with pytest.raises(PermissionDenied, match="elects 2"):
        services.count_declare(user=rita, count=count)


@pytest.mark.parametrize("who", ["alice", "otto", "nobody"])
def test_only_returning_officers_and_staff_declare(client_for, count, who, request):
    response = client_for(request.getfixturevalue(who)).post(reverse("results:count_declare", args=[count.pk]))
    assert response.status_code == 403
    count.refresh_from_db()
    assert count.declared_at is None


def test_staff_may_declare(stella, count):
    assert services.count_declare(user=stella, count=count).declared_by == stella


def test_a_recount_from_the_sheet_records_its_reason(client_for, rita, count):
    url = reverse("results:count_recount", args=[count.pk])
    response = client_for(rita).post(
        url, {"method": "ers97", "seats": 2, "min_women": 1, "seed": 7, "reason": "Agent's request"}
    )
    recount = Count.objects.get(recount_of=count)
    assert response["Location"] == recount.get_absolute_url()
    assert recount.reason == "Agent's request"
    page = client_for(rita).get(recount.get_absolute_url()).content.decode()
    assert "Recount of " + str(count.pk) in page


def test_a_recount_without_a_reason_is_refused_on_the_page(client_for, rita, count):
    url = reverse("results:count_recount", args=[count.pk])
    client_for(rita).post(url, {"method": "ers97", "seats": 2, "min_women": 1, "seed": 7, "reason": ""})
    assert not Count.objects.filter(recount_of=count).exists()


def test_members_cannot_order_recounts(client_for, alice, count):
    url = reverse("results:count_recount", args=[count.pk])
    response = client_for(alice).post(url, {"method": "ers97", "seats": 2, "min_women": 1, "seed": 7, "reason": "x"})
    assert response.status_code == 403
