"""Corrections and withdrawals keep the earlier entries and record who, when and why."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ballots.nominations import selectors, services
from ballots.nominations.models import Nomination, NominationChange
from ballots.nominations.services import NominationRefused


def current_names(section):
    return sorted(n.candidate.display_name for n in selectors.current_nominations(section).select_related("candidate"))


def test_a_second_submission_without_a_reason_is_refused(sam, chris, hackney, section, women, submit):
    submit(sam, hackney, women[:2])
    with pytest.raises(NominationRefused) as caught:
        submit(chris, hackney, women[2:4])
    assert caught.value.messages == [
        "Hackney already has nominations recorded: to correct them, give a reason for the correction."
    ]
    assert current_names(section) == ["Woman 0", "Woman 1"]


def test_a_correction_replaces_the_set_and_keeps_the_old_entries(sam, chris, hackney, section, women, submit):
    submit(sam, hackney, women[:2])
    change = submit(chris, hackney, women[1:3], reason="Minutes show Woman 2, not Woman 0")
    assert change.action == "corrected" and change.made_by == chris
    assert current_names(section) == ["Woman 1", "Woman 2"]
    ended = Nomination.objects.get(candidate=women[0])
    assert (ended.status, ended.ended_by, ended.ended_by.reason) == (
        "withdrawn",
        change,
        "Minutes show Woman 2, not Woman 0",
    )
    kept = Nomination.objects.get(candidate=women[1])
    assert kept.status == "current" and kept.added_by.action == "submitted"  # unchanged entries stay as they were
    assert Nomination.objects.count() == 3


def test_changing_the_meeting_details_supersedes_the_entry(sam, hackney, section, women, submit, today):
    submit(sam, hackney, women[:1], method="fptp")
    submit(sam, hackney, women[:1], method="stv", reason="It was an STV ballot")
    rows = list(Nomination.objects.order_by("id").values_list("method", "status"))
    assert rows == [("fptp", "superseded"), ("stv", "current")]


def test_a_correction_that_changes_nothing_is_refused(sam, hackney, women, submit):
    submit(sam, hackney, women[:2])
    with pytest.raises(NominationRefused, match="nothing to correct"):
        submit(sam, hackney, women[:2], reason="again")


def test_a_stale_form_is_refused_naming_who_changed_it(sam, chris, hackney, women, submit):
    first = submit(sam, hackney, women[:1])
    version_seen = first.nomination_set.version
    submit(chris, hackney, women[1:2], reason="wrong name", expected_version=version_seen)
    with pytest.raises(NominationRefused) as caught:
        submit(sam, hackney, women[2:3], reason="mine", expected_version=version_seen)
    assert "Hackney's nominations were changed by" in caught.value.messages[0]
    assert "after you opened this form" in caught.value.messages[0]


def test_a_withdrawal_needs_a_reason_and_keeps_the_trail(sam, hackney, section, women, submit):
    submit(sam, hackney, women[:2])
    with pytest.raises(NominationRefused, match="Give a reason for the withdrawal"):
        services.nomination_withdraw(section=section, clp=hackney, user=sam, candidate_ids=[women[0].pk], reason=" ")
    change = services.nomination_withdraw(
        section=section, clp=hackney, user=sam, candidate_ids=[women[0].pk], reason="Candidate asked us to"
    )
    assert change.action == "withdrawn"
    assert current_names(section) == ["Woman 1"]
    assert Nomination.objects.get(candidate=women[0]).ended_by == change


def test_withdrawing_everything(sam, hackney, section, women, submit):
    submit(sam, hackney, women[:3])
    services.nomination_withdraw(
        section=section, clp=hackney, user=sam, candidate_ids=None, reason="Meeting was inquorate"
    )
    assert current_names(section) == []
    assert Nomination.objects.filter(status="withdrawn").count() == 3


def test_it_refuses_to_withdraw_what_was_not_nominated(sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    with pytest.raises(NominationRefused, match="no current nomination for that candidate"):
        services.nomination_withdraw(section=section, clp=hackney, user=sam, candidate_ids=[women[3].pk], reason="x")


def test_it_refuses_a_withdrawal_when_nothing_is_recorded(sam, hackney, section):
    with pytest.raises(NominationRefused, match="has no nominations recorded"):
        services.nomination_withdraw(section=section, clp=hackney, user=sam, candidate_ids=None, reason="x")


def test_it_refuses_a_withdrawal_after_the_close(sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    with pytest.raises(NominationRefused, match="closed at"):
        services.nomination_withdraw(
            section=section, clp=hackney, user=sam, candidate_ids=None, reason="late", now=section.nomination_closes
        )
    assert current_names(section) == ["Woman 0"]


def test_it_refuses_a_correction_after_the_close(sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    with pytest.raises(NominationRefused, match="closed at"):
        submit(sam, hackney, women[1:2], reason="late", now=section.nomination_closes + dt.timedelta(seconds=1))


def test_only_officers_of_that_clp_may_withdraw(sam, sunita, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    with pytest.raises(PermissionDenied, match="Only the secretary or chair of Hackney"):
        services.nomination_withdraw(section=section, clp=hackney, user=sunita, candidate_ids=None, reason="x")


def test_the_trail_lists_every_change_newest_first(sam, chris, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    submit(chris, hackney, women[1:2], reason="typo")
    changes = list(selectors.trail(section))
    assert [(c.action, c.made_by.username) for c in changes] == [("corrected", "chris"), ("submitted", "sam")]
    assert [n.candidate.display_name for n in changes[0].added.all()] == ["Woman 1"]
    assert [n.candidate.display_name for n in changes[0].ended.all()] == ["Woman 0"]
    assert NominationChange.objects.count() == 2
