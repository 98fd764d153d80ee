"""Results fixtures: a small section with candidates, BLT files to load; counts run in the caller
(the immediate task backend, set in tests/conftest.py).

Rita (returning officer of NEC 2026) loads and counts; Alice (a member) sees only declared
results; Otto is a returning officer of another election; Stella is staff; Nobody has no
membership.
"""

import io

import pytest

from ballots.results import services
from tests.ballots.results.factories import blt, small_section


@pytest.fixture(autouse=True)
def _results_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test users sign in by force_login


@pytest.fixture
def section(election):
    """5 candidates (Ann, Bea and Cat are women), 2 seats, at least 1 woman."""
    return small_section(election)


@pytest.fixture
def good_blt():
    return blt(
        ["Ann Able", "Bob Baker", "Cat Cole", "Dan Dean", "Eve Ennis"],
        ["3 1 2 0", "4 2 1 3 0", "2 3 0", "5 4 2 0", "1 5 4 3 0", "2 2 4 0"],
    )


@pytest.fixture
def ballot_set(section, rita, good_blt):
    return services.ballot_set_load(
        section=section, user=rita, fileobj=io.BytesIO(good_blt), filename="test.blt", electorate=40
    )


@pytest.fixture
def count(ballot_set, rita):
    c = services.count_request(user=rita, ballot_set=ballot_set, seed=7)
    c.refresh_from_db()
    return c
