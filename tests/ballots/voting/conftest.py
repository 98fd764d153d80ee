"""Online-ballot fixtures.

The section (from tests/conftest.py) has six candidates standing: Ann Adams, Beth Brown and Cara
Cole are women; Dan Dyer, Eli Evans and Fred Ford are men. Hackney has Alice, Sam (secretary),
Chris (chair) and Rita among its members, plus Hal and Ivy. Leeds Central has Sunita.
"""

import datetime as dt

import pytest
from django.utils import timezone

from ballots.voting import services
from tests import factories

NAMES = [("Ann Adams", "woman"), ("Beth Brown", "woman"), ("Cara Cole", "woman"),
         ("Dan Dyer", "man"), ("Eli Evans", "man"), ("Fred Ford", "man")]  # fmt: skip


@pytest.fixture(autouse=True)
def _voting_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(section, hackney):
    """The section's candidates by first name: people["ann"], ..."""
    made = {}
    for name, gender in NAMES:
        made[name.split()[0].lower()] = factories.CandidateFactory(
            section=section, display_name=name, slug=name.lower().replace(" ", "-"), gender=gender, home_clp=hackney
        )
    return made


@pytest.fixture
def hal(hackney):
    return factories.MemberFactory(
        user__username="hal", user__first_name="Hal", user__last_name="Hughes", clp=hackney
    ).user


@pytest.fixture
def ivy(hackney):
    return factories.MemberFactory(
        user__username="ivy", user__first_name="Ivy", user__last_name="Ingram", clp=hackney
    ).user


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def open_clp_ballot(section, hackney, people, now):
    """open_clp_ballot(user, **overrides) -> a CLP ballot opened through the real service."""

    def run(user, **kw):
        args = {
            "section": section, "clp": hackney, "user": user, "places": 2, "method": "ers97",
            "candidate_ids": [c.pk for c in people.values()], "candidate_order": "alphabetical", "mode": "online",
            "opens_at": None, "closes_at": now + dt.timedelta(hours=2), "now": now,
        }  # fmt: skip
        args.update(kw)
        return services.online_ballot_open_clp(**args)

    return run


@pytest.fixture
def hackney_ballot(open_clp_ballot, sam, alice, chris, hal, ivy, rita):
    """Hackney's open STV ballot for two nominations; the electorate is everyone above."""
    return open_clp_ballot(sam)


@pytest.fixture
def voter_of():
    def find(ballot, user):
        return ballot.voters.get(member=user.member)

    return find


@pytest.fixture
def cast(voter_of, now):
    """cast(ballot, user, [candidates...]) -> receipt code, through the real service."""

    def run(ballot, user, chosen, at=None, **kw):
        return services.ballot_paper_cast(
            ballot=ballot, voter=voter_of(ballot, user), preferences=[c.pk for c in chosen], now=at or now, **kw
        )

    return run
