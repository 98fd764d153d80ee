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
from elections.models import CLP, Candidate, Election, Endorsement, Gender, Section, Slate

SECTION_SLUG = "disabled-members-rep"
CANDIDATES = [
    ("Alex Morgan", Gender.NON_BINARY), ("Bronwen Hughes", Gender.WOMAN),
    ("Colin Ferris", Gender.MAN), ("Deborah Lake", Gender.WOMAN),
]  # fmt: skip


def demo_blt(ballots: int = 400, seed: int = 2026) -> bytes:
    """Random papers in which most voters who put a slate's candidate first (Alex Morgan and
    Bronwen Hughes share one) put its other candidate next, as slates ask."""
    rng = random.Random(seed)
    names = [name for name, _ in CANDIDATES]
    weights = [1.1, 1.3, 1.0, 0.8]
    lines = [f"{len(names)} 1"]
    for _ in range(ballots):
        order = sorted(range(len(names)), key=lambda i: -weights[i] * rng.random())
        if order[0] in (0, 1) and rng.random() < 0.7:
            order.remove(1 - order[0])
            order.insert(1, 1 - order[0])
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
    if not count.rule_comparisons.exists():  # the declared result's "would another rule differ?"
        services.comparison_request(user=ro, count=count, inline=True)
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
            "publish_ballots": True,
        },
    )
    home = CLP.objects.filter(slug="islington").first() or CLP.objects.first()
    for name, gender in CANDIDATES:
        Candidate.objects.get_or_create(
            section=section, slug=name.lower().replace(" ", "-"),
            defaults={"display_name": name, "gender": gender, "home_clp": home},
        )  # fmt: skip
    _endorse(election, section)
    demo_statements.load(section)
    demo_photos.load(section)
    return section


def _endorse(election: Election, section: Section) -> None:
    """Two of the election's slates endorse candidates here (Deborah Lake stands alone), so the
    declared result's analysis shows slates, an independent and slate discipline."""
    slates = list(Slate.objects.filter(election=election).order_by("id")[:2])
    if len(slates) < 2:
        return
    people = {c.display_name: c for c in section.candidates.all()}
    for slate, names in ((slates[0], ["Alex Morgan", "Bronwen Hughes"]), (slates[1], ["Colin Ferris"])):
        for position, name in enumerate(names, start=1):
            Endorsement.objects.get_or_create(slate=slate, candidate=people[name], defaults={"position": position})
