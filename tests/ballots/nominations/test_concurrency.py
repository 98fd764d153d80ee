"""Two officers submitting at the same moment cannot together exceed the limits."""

import time

import pytest
from django.db import IntegrityError, transaction

from ballots.nominations import selectors, services
from ballots.nominations.models import Nomination, NominationSet
from ballots.nominations.services import NominationRefused
from tests.concurrency import race


@pytest.fixture
def slow_checks(monkeypatch):
    """Hold each submission between reading the CLP's set and writing it, so the two overlap."""
    real = services.plan_for

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "plan_for", slow)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("set_row_exists", [False, True], ids=["first-ever", "after-a-full-withdrawal"])
def test_two_racing_first_submissions_leave_one_set_within_the_limit(
    sam, chris, hackney, section, women, men, submit, slow_checks, set_row_exists
):
    selectors.nomination_rules_for(section)  # as it will be after the first page view
    if set_row_exists:  # then only the row lock, not the insert of the set row, keeps them apart
        NominationSet.objects.create(section=section, clp=hackney)
    # Six women from one officer, six men from the other: together 12, over the limit of 9.
    outcomes = race(lambda: submit(sam, hackney, women), lambda: submit(chris, hackney, men))
    refused = [o for o in outcomes if isinstance(o, NominationRefused)]
    recorded = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(recorded) == 1 and len(refused) == 1, outcomes
    assert refused[0].messages == [
        "Hackney already has nominations recorded: to correct them, give a reason for the correction."
    ]
    current = Nomination.objects.filter(clp=hackney, status="current")
    assert current.count() == 6
    assert set(current.values_list("added_by", flat=True)) == {recorded[0].pk}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_corrections_apply_one_after_the_other(sam, chris, hackney, women, men, submit, slow_checks):
    version = submit(sam, hackney, women[:2]).nomination_set.version
    outcomes = race(
        lambda: submit(sam, hackney, women[2:4], reason="a", expected_version=version),
        lambda: submit(chris, hackney, men[:2], reason="b", expected_version=version),
    )
    assert sum(isinstance(o, NominationRefused) for o in outcomes) == 1, outcomes
    assert Nomination.objects.filter(clp=hackney, status="current").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_current_nomination_of_the_same_candidate(sam, hackney, women, submit):
    first = Nomination.objects.get(pk=submit(sam, hackney, women[:1]).added.get().pk)
    first.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()
