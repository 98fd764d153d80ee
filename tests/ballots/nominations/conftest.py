"""Nominations fixtures: a section with women and men standing, and a helper to submit a set."""

import datetime as dt

import pytest
from django.utils import timezone

from ballots.nominations import services
from tests.ballots.nominations.factories import ManCandidateFactory, WomanCandidateFactory


@pytest.fixture
def women(section, hackney):
    return [
        WomanCandidateFactory(section=section, home_clp=hackney, display_name=f"Woman {n}", slug=f"woman-{n}")
        for n in range(6)
    ]


@pytest.fixture
def men(section, hackney):
    return [
        ManCandidateFactory(section=section, home_clp=hackney, display_name=f"Man {n}", slug=f"man-{n}")
        for n in range(6)
    ]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def submit(section, today):
    """submit(user, clp, candidates, **overrides) -> the change recorded (through the real service)."""

    def run(user, clp, candidates, **kw):
        target = kw.pop("section", section)
        proposal = services.proposal_from_ids(
            section=target,
            candidate_ids=[c.pk for c in candidates],
            meeting_date=kw.pop("meeting_date", today - dt.timedelta(days=1)),
            method=kw.pop("method", "stv"),
            votes=kw.pop("votes", None),
        )
        return services.nomination_set_submit(section=target, clp=clp, user=user, proposal=proposal, **kw)

    return run
