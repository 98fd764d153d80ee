"""Demo results: a small section, its ballot closed, with a loaded ballot set and a declared count.

Light on purpose: the 130,000-ballot CLP section file is loaded by hand (docs/results.md).
Idempotent: a second run finds the same ballot set (same SHA-256) and count and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from ballots.results import services
from ballots.results.models import BallotSet, Count
from elections import demo_photos, demo_statements
from elections.models import CLP, Candidate, Election, Gender, Section

SECTION_SLUG = "disabled-members-rep"
CANDIDATES = [
    ("Alex Morgan", Gender.NON_BINARY), ("Bronwen Hughes", Gender.WOMAN),
    ("Colin Ferris", Gender.MAN), ("Deborah Lake", Gender.WOMAN),
]  # fmt: skip


def demo_blt(ballots: int = 400, seed: int = 2026) -> bytes:
    rng = random.Random(seed)
    names = [name for name, _ in CANDIDATES]
    weights = [0.9, 1.3, 1.0, 0.7]
    lines = [f"{len(names)} 1"]
    for _ in range(ballots):
        order = sorted(range(len(names)), key=lambda i: -weights[i] * rng.random())
        depth = rng.randint(1, len(names))
        lines.append("1 " + " ".join(str(i + 1) for i in order[:depth]) + " 0")
    lines.append("0")
    lines += [f'"{n}"' for n in names]
    lines.append('"NEC 2026 disabled members\' representative (demo)"')
    return ("\n".join(lines) + "\n").encode()


def load() -> list[tuple[str, str]]:
    election = Election.objects.filter(slug="nec-2026").first()
    ro = get_user_model().objects.filter(username="returning").first()
    if election is None or ro is None:
        return []
    section = _section(election)
    data = demo_blt()
    ballot_set = BallotSet.objects.filter(section=section).order_by("id").first()
    if ballot_set is None:
        ballot_set = services.ballot_set_load(
            section=section,
            user=ro,
            fileobj=io.BytesIO(data),
            filename="disabled-members-rep-demo.blt",
            electorate=1200,
        )
    if not Count.objects.filter(ballot_set=ballot_set).exists():
        services.count_request(user=ro, ballot_set=ballot_set, seed=1, inline=True)
    count = Count.objects.filter(ballot_set=ballot_set).order_by("id").first()
    if not Count.objects.filter(section=section, declared_at__isnull=False).exists():
        # The ballot closed two days ago: this section shows the whole story up to a declared result.
        services.count_declare(user=ro, count=count, confirm=count.result_sha256)
    return [("returning", "returning officer: loads ballots, counts and declares (Results)")]


def _section(election: Election) -> Section:
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    section, _ = Section.objects.get_or_create(
        election=election,
        slug=SECTION_SLUG,
        defaults={
            "name": "Disabled members' representative",
            "seats": 1,
            "min_women": 0,
            "freeze_date": (today - dt.timedelta(days=90)).date(),
            "nomination_opens": (today - dt.timedelta(days=60)).replace(hour=9),
            "nomination_closes": (today - dt.timedelta(days=40)).replace(hour=12),
            "ballot_opens": (today - dt.timedelta(days=30)).replace(hour=9),
            "ballot_closes": (today - dt.timedelta(days=2)).replace(hour=12),
            "counting_method": "ers97",
        },
    )
    home = CLP.objects.filter(slug="islington").first() or CLP.objects.first()
    for name, gender in CANDIDATES:
        Candidate.objects.get_or_create(
            section=section, slug=name.lower().replace(" ", "-"),
            defaults={"display_name": name, "gender": gender, "home_clp": home},
        )  # fmt: skip
    demo_statements.load(section)
    demo_photos.load(section)
    return section
