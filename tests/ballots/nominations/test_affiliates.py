"""Returning officers record affiliates' nominations, which count for the affiliates threshold."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ballots.nominations import selectors, services
from ballots.nominations.models import AffiliateNomination
from ballots.nominations.services import NominationRefused
from elections.models import AuditEntry
from tests.ballots.nominations.factories import AffiliateFactory


def page(section):
    return reverse("nominations:affiliates", args=[section.election.slug, section.slug])


def test_a_returning_officer_records_an_affiliate_nomination_that_counts(client_for, rita, section, women):
    services.nomination_rules_update(
        section=section, user=rita, threshold_kind="affiliates", threshold_value=Decimal("1")
    )
    union = AffiliateFactory(name="Unite")
    response = client_for(rita).post(page(section), {"affiliate": union.pk, "candidate": women[0].pk})
    assert response.status_code == 302
    assert AffiliateNomination.objects.get().recorded_by == rita
    assert selectors.qualified_candidate_ids(section) == {women[0].pk}
    assert b"Unite" in client_for(rita).get(page(section)).content


def test_an_affiliate_cannot_nominate_the_same_candidate_twice(rita, section, women):
    union = AffiliateFactory(name="GMB")
    services.affiliate_nomination_record(candidate=women[0], affiliate=union, user=rita)
    with pytest.raises(NominationRefused, match="GMB has already nominated Woman 0"):
        services.affiliate_nomination_record(candidate=women[0], affiliate=union, user=rita)


def test_it_refuses_outside_the_window(rita, section, women):
    with pytest.raises(NominationRefused, match="closed at"):
        services.affiliate_nomination_record(
            candidate=women[0], affiliate=AffiliateFactory(), user=rita, now=section.nomination_closes
        )


@pytest.mark.parametrize("who", ["sam", "otto", "alice"])
def test_only_staff_or_the_returning_officer_may_record_them(request, client_for, who, section, women):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="can record affiliates' nominations"):
        services.affiliate_nomination_record(candidate=women[0], affiliate=AffiliateFactory(), user=user)
    assert client_for(user).get(page(section)).status_code == 403


def _recorded(rita, section, women):
    affiliate = AffiliateFactory(name="Unite", slug="unite")
    return services.affiliate_nomination_record(candidate=women[0], affiliate=affiliate, user=rita)


def test_a_nomination_recorded_in_error_is_removed_on_the_page_with_a_reason(client_for, rita, section, women):
    nomination = _recorded(rita, section, women)
    url = reverse("nominations:affiliate_remove", args=[section.election.slug, section.slug, nomination.pk])
    response = client_for(rita).post(url, {"reason": ""})
    assert response.status_code == 422 and "Give the reason for removing this affiliate" in response.content.decode()
    assert AffiliateNomination.objects.filter(pk=nomination.pk).exists()
    response = client_for(rita).post(url, {"reason": "Unite nominated someone else"})
    assert response.status_code == 302 and not AffiliateNomination.objects.filter(pk=nomination.pk).exists()
    entry = AuditEntry.objects.get(action="affiliate_nomination.removed")
    assert entry.details["affiliate"] == "Unite" and entry.details["reason"] == "Unite nominated someone else"


def test_members_cannot_remove_affiliates_nominations(client_for, rita, alice, section, women):
    nomination = _recorded(rita, section, women)
    url = reverse("nominations:affiliate_remove", args=[section.election.slug, section.slug, nomination.pk])
    assert client_for(alice).post(url, {"reason": "x"}).status_code == 403
    assert AffiliateNomination.objects.filter(pk=nomination.pk).exists()
