"""Test data for results: sections with named candidates, BLT text, and declaring as a returning
officer does it (confirming the result's SHA-256)."""

import datetime as dt

from django.utils import timezone

from tests.factories import CandidateFactory, SectionFactory

NAMES = [
    ("Ann Able", "woman"),
    ("Bob Baker", "man"),
    ("Cat Cole", "woman"),
    ("Dan Dean", "man"),
    ("Eve Ennis", "woman"),
]


def closed_ballot(days_ago: int = 1) -> dict:
    """Section dates for an election whose ballot closed ``days_ago`` days ago (results can be declared)."""
    now = timezone.now()
    return {
        "nomination_opens": now - dt.timedelta(days=60), "nomination_closes": now - dt.timedelta(days=40),
        "ballot_opens": now - dt.timedelta(days=30), "ballot_closes": now - dt.timedelta(days=days_ago),
    }  # fmt: skip


def open_ballot() -> dict:
    """Section dates for an election whose ballot is open now (counts are trials)."""
    now = timezone.now()
    return {
        "nomination_opens": now - dt.timedelta(days=60), "nomination_closes": now - dt.timedelta(days=40),
        "ballot_opens": now - dt.timedelta(days=1), "ballot_closes": now + dt.timedelta(days=7),
    }  # fmt: skip


def small_section(election, names=NAMES, seats=2, min_women=1, **kwargs):
    """A section whose ballot has closed, unless dates are given."""
    kwargs = {**closed_ballot(), **kwargs}
    section = SectionFactory(election=election, slug="test-section", seats=seats, min_women=min_women, **kwargs)
    for i, (name, gender) in enumerate(names):
        CandidateFactory(section=section, display_name=name, slug=f"c{i}", gender=gender)
    return section


def blt(names, lines, seats=2, title="Test election") -> bytes:
    out = [f"{len(names)} {seats}", *lines, "0", *[f'"{n}"' for n in names], f'"{title}"']
    return ("\n".join(out) + "\n").encode()


def declare(user, count, **kwargs):
    """Declare as the confirmation page does: sending back the result's SHA-256."""
    from ballots.results import services

    count.refresh_from_db()
    return services.count_declare(user=user, count=count, confirm=count.result_sha256, **kwargs)
