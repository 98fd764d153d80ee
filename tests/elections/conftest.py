"""Candidates for the statement tests: Ayesha (a user, candidate in NEC 2026's CLP section) and
Ben (another candidate, also a user). Alice is an ordinary member; Rita the returning officer."""

import pytest

from tests import factories


@pytest.fixture
def ayesha(section, hackney):
    user = factories.MemberFactory(user__username="ayesha", clp=hackney).user
    return factories.CandidateFactory(
        section=section, user=user, display_name="Ayesha Rahman", slug="ayesha-rahman", home_clp=hackney
    )


@pytest.fixture
def ben(section, leeds):
    user = factories.MemberFactory(user__username="ben", clp=leeds).user
    return factories.CandidateFactory(
        section=section, user=user, display_name="Ben Okafor", slug="ben-okafor", home_clp=leeds
    )
