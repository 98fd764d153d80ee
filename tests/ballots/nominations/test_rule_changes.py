"""Nomination rules (window, maximum per CLP, women minimum, threshold, eligibility) change freely
until a CLP nominates; after that only with the returning officer's confirmation and a reason,
shown on the trail and the tracker. Nothing already recorded is judged again."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from ballots.nominations import selectors, services
from ballots.nominations.models import Nomination, NominationRulesChange
from elections.models import AuditEntry, Section
from elections.refusals import Unprocessable
from tests.elections.test_section_settings import local


def rules_url(section):
    return reverse("nominations:rules", args=[section.election.slug, section.slug])


def page_data(section, **changes):
    rules = selectors.nomination_rules_for(section)
    data = {
        "max_per_clp": rules.max_per_clp or "", "min_women_per_clp": rules.min_women_per_clp,
        "threshold_kind": rules.threshold_kind, "threshold_value": str(rules.threshold_value),
        "eligibility_months": rules.eligibility_months, "nomination_opens": local(section.nomination_opens),
        "nomination_closes": local(section.nomination_closes),
    }  # fmt: skip
    data.update(changes)
    return data


def text(response) -> str:
    return html.unescape(response.content.decode())


REFUSAL = (
    "1 CLP has already nominated in CLP section: changing its nomination rules now needs your confirmation and a "
    "reason, which the trail and the tracker show. Nominations already recorded stand as recorded."
)


def test_before_any_nomination_the_rules_change_without_a_reason_and_the_change_is_kept(rita, section):
    services.nomination_rules_update(section=section, user=rita, max_per_clp=3, threshold_value=7)
    (change,) = NominationRulesChange.objects.all()
    assert change.clps_nominated == 0 and change.reason == "" and change.made_by == rita
    assert change.changes == {"max_per_clp": ["the number of seats (9)", "3"], "threshold_value": ["5", "7"]}


def test_once_a_clp_has_nominated_a_change_needs_a_reason_and_the_confirmation(
    rita, sam, hackney, section, women, submit
):
    submit(sam, hackney, women[:3])
    for kwargs in ({}, {"reason": "Agreed at the NEC"}, {"confirm": True}):
        with pytest.raises(Unprocessable) as refused:
            services.nomination_rules_update(section=section, user=rita, max_per_clp=2, **kwargs)
        assert refused.value.message == REFUSAL
    assert selectors.nomination_rules_for(section).max_per_clp is None and not NominationRulesChange.objects.exists()

    services.nomination_rules_update(
        section=section, user=rita, max_per_clp=2, reason="Agreed at the NEC", confirm=True
    )
    change = NominationRulesChange.objects.get()
    assert change.clps_nominated == 1 and change.reason == "Agreed at the NEC"
    assert AuditEntry.objects.get(action="nomination_rules.changed").details["reason"] == "Agreed at the NEC"


def test_nothing_already_recorded_is_judged_again(rita, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:3])
    services.nomination_rules_update(section=section, user=rita, max_per_clp=2, reason="Fewer seats", confirm=True)
    assert Nomination.objects.filter(clp=hackney, status="current").count() == 3  # three stand, over the new limit


def test_the_page_refuses_an_unconfirmed_change_beside_the_fields_and_saves_nothing(
    client_for, rita, sam, hackney, section, women, submit
):
    submit(sam, hackney, women[:1])
    client = client_for(rita)
    page = text(client.get(rules_url(section)))
    assert "1 CLP has already nominated." in page and "I confirm this change" in page
    response = client.post(rules_url(section), page_data(section, max_per_clp=2))
    assert response.status_code == 422
    page = text(response)
    assert REFUSAL in page and "Reason for the change: Give the reason for changing the rules now." in page
    assert "Confirm the change." in page and selectors.nomination_rules_for(section).max_per_clp is None
    response = client.post(rules_url(section), page_data(section, max_per_clp=2, reason="NEC decision", confirm="on"))
    assert response.status_code == 302 and selectors.nomination_rules_for(section).max_per_clp == 2


def test_the_window_is_a_nomination_rule(client_for, rita, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    later = section.nomination_closes + dt.timedelta(days=2)
    response = client_for(rita).post(rules_url(section), page_data(section, nomination_closes=local(later)))
    assert response.status_code == 422 and REFUSAL in text(response)
    response = client_for(rita).post(
        rules_url(section),
        page_data(section, nomination_closes=local(later), reason="Extended: postal delays", confirm="on"),
    )
    assert response.status_code == 302
    assert Section.objects.get(pk=section.pk).nomination_closes.replace(second=0, microsecond=0) == later.replace(
        second=0, microsecond=0
    )
    (change,) = NominationRulesChange.objects.all()
    assert list(change.changes) == ["nomination_closes"] and change.reason == "Extended: postal delays"


def test_a_window_that_closes_before_it_opens_is_refused(client_for, rita, section):
    data = page_data(section, nomination_closes=local(section.nomination_opens.replace(year=2000)))
    response = client_for(rita).post(rules_url(section), data)
    assert response.status_code == 400 and "Nominations must close after they open" in text(response)


def test_the_trail_and_the_tracker_show_the_change(client_for, rita, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    services.nomination_rules_update(
        section=section, user=rita, min_women_per_clp=1, reason="NEC guidance", confirm=True
    )
    trail = text(client_for(rita).get(reverse("nominations:trail", args=[section.election.slug, section.slug])))
    assert "Rules changed" in trail and "Reason: NEC guidance" in trail
    assert "Women among a CLP's nominees: no rule → 1" in trail and "after 1 CLP had nominated" in trail
    tracker = text(client_for(sam).get(reverse("nominations:tracker", args=[section.election.slug, section.slug])))
    assert "The rules changed after nominations began" in tracker and "Reason: NEC guidance" in tracker
    assert "Nominations already recorded stand as recorded" in tracker


def test_a_change_made_before_any_nomination_is_on_the_trail_but_not_the_tracker(client_for, rita, sam, section):
    services.nomination_rules_update(section=section, user=rita, max_per_clp=4)
    tracker = text(client_for(sam).get(reverse("nominations:tracker", args=[section.election.slug, section.slug])))
    assert "The rules changed after nominations began" not in tracker
    trail = text(client_for(rita).get(reverse("nominations:trail", args=[section.election.slug, section.slug])))
    assert "Most candidates one CLP may nominate: the number of seats (9) → 4" in trail


def test_saving_the_rules_unchanged_records_nothing(client_for, rita, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    response = client_for(rita).post(rules_url(section), page_data(section))
    assert response.status_code == 302 and not NominationRulesChange.objects.exists()


def test_once_ballots_are_loaded_the_window_is_frozen_with_the_counting_settings(rita, section):
    Section.objects.filter(pk=section.pk).update(counting_lock="loaded")
    section.refresh_from_db()
    from elections.refusals import Conflict

    with pytest.raises(Conflict, match="so this setting is frozen: nomination window"):
        services.nomination_rules_update(
            section=section, user=rita, nomination_closes=section.nomination_closes + dt.timedelta(days=1)
        )
