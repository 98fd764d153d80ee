"""Demo online ballots, each taken through the real services with the clock set to its moment:

- A London CLP's members' ballot for its CLP-section nominations (STV, two nominees; the first
  London CLP the nominations demo left without nominations): voted, closed, counted and recorded
  as its nominations, linked from the nominations trail.
- The Youth representative's OMOV ballot (young members only): voted, closed, sealed as a ballot
  set, counted by the results services and declared.
- The Treasurer's OMOV ballot, open now: the demo member can vote in it; turnout moves live.

Idempotent: a ballot that exists is left as it is. Demo voters cannot sign in.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ballots.nominations import services as nomination_services
from ballots.nominations.demo import KEEP_FREE
from ballots.nominations.models import Affiliate, NominationSet, ThresholdKind
from ballots.results import services as results_services
from ballots.voting import services
from ballots.voting.models import ElectorateRules, OnlineBallot
from elections import demo_photos, demo_statements
from elections.demo import DEMO_PASSWORD
from elections.models import CLP, Candidate, CLPOfficer, Election, Gender, Member, Section

YOUTH = [("Aisha Begum", Gender.WOMAN), ("Callum Reid", Gender.MAN), ("Ffion Davies", Gender.WOMAN),
         ("Tom Okafor", Gender.MAN)]  # fmt: skip
TREASURER = [("Diane Holloway", Gender.WOMAN), ("Marcus Webb", Gender.MAN), ("Priya Nair", Gender.WOMAN)]
CLP_VOTERS = 30
YOUTH_VOTERS = 60


def load() -> list[tuple[str, str]]:
    election = Election.objects.filter(slug="nec-2026").first()
    ro = get_user_model().objects.filter(username="returning").first()
    if election is None or ro is None:
        return []
    rng = random.Random(15)
    section = Section.objects.get(election=election, slug="clp-section")
    secretary, clp = _clp_secretary(section)
    with transaction.atomic():
        _clp_ballot(section, clp, secretary, rng)
    with transaction.atomic():
        _youth_ballot(election, ro, rng)
    with transaction.atomic():
        _treasurer_ballot(election, ro, rng)
    return [("secretary3", f"CLP secretary of {clp}: ran its members' nomination ballot (Ballots)")]


def _users(prefix: str, count: int, clps: list[CLP], born: tuple[int, int] | None, rng) -> list:
    """Demo members who vote in the demo ballots; they cannot sign in."""
    User = get_user_model()
    made = []
    for n in range(1, count + 1):
        username = f"{prefix}{n:02d}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": prefix.capitalize().rstrip("-"), "last_name": f"Voter {n}"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        dob = dt.date(rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28)) if born else None
        Member.objects.get_or_create(
            user=user,
            defaults={"clp": clps[n % len(clps)], "membership_number": f"V{prefix[:3].upper()}{n:04d}",
                      "joined_on": dt.date(2019, 1, 1) + dt.timedelta(days=11 * n), "date_of_birth": dob},
        )  # fmt: skip
        made.append(user)
    return made


def _clp_secretary(section: Section):
    """secretary3, secretary of a London CLP with no nominations yet (the same one on every load)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="secretary3", defaults={"first_name": "Imogen", "last_name": "Isles"}
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    office = CLPOfficer.objects.filter(user=user).select_related("clp").first()
    if office is None:
        nominated = NominationSet.objects.filter(section=section, changes__isnull=False).values("clp_id")
        clp = (
            CLP.objects.filter(region="london", officers__isnull=True).exclude(slug__in=KEEP_FREE)
            .exclude(pk__in=nominated).order_by("name").first()
        )  # fmt: skip
        office = CLPOfficer.objects.create(clp=clp, office="secretary", user=user)
    Member.objects.get_or_create(
        user=user, defaults={"clp": office.clp, "membership_number": "L200003", "joined_on": dt.date(2014, 9, 1)}
    )
    return user, office.clp


def _cast_all(ballot, voters, rng, people, at, depth=3) -> None:
    for user in voters:
        voter = ballot.voters.filter(member=user.member).first()
        if voter is None or rng.random() < 0.25:  # not everyone votes
            continue
        order = sorted(people, key=lambda c: -rng.random() * (1.6 if c.counts_as_woman else 1.0))
        if ballot.method == "fptp":
            order = order[:1]
        services.ballot_paper_cast(ballot=ballot, voter=voter, preferences=[c.pk for c in order[:depth]], now=at)


def _clp_ballot(section, clp, secretary, rng) -> None:
    if OnlineBallot.objects.filter(section=section, clp=clp).exists():
        return
    voters = _users("clp-", CLP_VOTERS, [clp], None, rng)
    now = timezone.now().replace(second=0, microsecond=0)
    start = max(section.nomination_opens + dt.timedelta(hours=1), now - dt.timedelta(days=2))
    people = list(section.candidates.filter(withdrawn=False).order_by("display_name")[:8])
    ballot = services.online_ballot_open_clp(
        section=section, clp=clp, user=secretary, places=2, method="ers97",
        candidate_ids=[c.pk for c in people], candidate_order="rotated", mode="both",
        opens_at=None, closes_at=start + dt.timedelta(hours=2), now=start,
    )  # fmt: skip
    _cast_all(ballot, voters, rng, people, start + dt.timedelta(minutes=30))
    services.online_ballot_close(ballot=ballot, user=secretary, now=start + dt.timedelta(hours=2))
    services.online_ballot_count_clp(ballot=ballot, user=secretary, now=start + dt.timedelta(hours=2, minutes=5))
    services.online_ballot_record(ballot=ballot, user=secretary, now=start + dt.timedelta(hours=3))


def _section(election, slug: str, name: str, seats: int, method: str, nominations_at, ballot_at) -> Section:
    section, _ = Section.objects.get_or_create(
        election=election, slug=slug,
        defaults={"name": name, "seats": seats, "min_women": 0, "freeze_date": dt.date(2026, 6, 24),
                  "nomination_opens": nominations_at[0], "nomination_closes": nominations_at[1],
                  "ballot_opens": ballot_at[0], "ballot_closes": ballot_at[1], "counting_method": method},
    )  # fmt: skip
    return section


def _nominate(section: Section, ro, names, at) -> list[Candidate]:
    """Candidates reach the ballot with one affiliate's nomination each (the section's rule, set here).
    Affiliates rather than CLPs, so the CLP section's nominations trail holds only its own."""
    home = CLP.objects.get(slug="islington")
    union, _ = Affiliate.objects.get_or_create(
        slug="demo-union", defaults={"name": "Demo Trade Union", "kind": Affiliate.Kind.TRADE_UNION}
    )
    nomination_services.nomination_rules_update(
        section=section, user=ro, threshold_kind=ThresholdKind.AFFILIATES, threshold_value=1
    )
    people = []
    for name, gender in names:
        c, _ = Candidate.objects.get_or_create(
            section=section, slug=name.lower().replace(" ", "-"),
            defaults={"display_name": name, "gender": gender, "home_clp": home},
        )  # fmt: skip
        if not c.affiliate_nominations.exists():
            nomination_services.affiliate_nomination_record(candidate=c, affiliate=union, user=ro, now=at)
        people.append(c)
    demo_statements.load(section)  # as every demo section: statements and photos one click from the ballot
    demo_photos.load(section)
    return people


def _youth_ballot(election, ro, rng) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    section = _section(
        election, "youth-rep", "Youth representative", 1, "ers97",
        (now - dt.timedelta(days=50), now - dt.timedelta(days=40)), (now - dt.timedelta(days=20), now - dt.timedelta(days=1)),
    )  # fmt: skip
    if OnlineBallot.objects.filter(section=section).exists():
        return
    services.electorate_rules_update(section=section, user=ro, group=ElectorateRules.Group.YOUTH, age_under=27)
    people = _nominate(section, ro, YOUTH, section.nomination_opens + dt.timedelta(days=1))
    clps = list(CLP.objects.order_by("name")[:40])
    voters = _users("youth-", YOUTH_VOTERS, clps, (2000, 2008), rng)
    ballot = services.online_ballot_open_section(
        section=section, user=ro, candidate_order="rotated", now=section.ballot_opens
    )
    _cast_all(ballot, voters, rng, people, section.ballot_opens + dt.timedelta(days=3), depth=4)
    services.online_ballot_close(ballot=ballot, user=ro, now=section.ballot_closes + dt.timedelta(minutes=5))
    count = services.online_ballot_count_section(ballot=OnlineBallot.objects.get(pk=ballot.pk), user=ro, inline=True)
    count.refresh_from_db()
    results_services.count_declare(user=ro, count=count, confirm=count.result_sha256)


def _treasurer_ballot(election, ro, rng) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    section = _section(
        election, "treasurer", "Treasurer", 1, "av",
        (now - dt.timedelta(days=30), now - dt.timedelta(days=5)), (now - dt.timedelta(days=2), now + dt.timedelta(days=12)),
    )  # fmt: skip
    if OnlineBallot.objects.filter(section=section).exists():
        return
    people = _nominate(section, ro, TREASURER, section.nomination_opens + dt.timedelta(days=1))
    ballot = services.online_ballot_open_section(
        section=section, user=ro, candidate_order="rotated", now=section.ballot_opens
    )
    voters = [
        v.member.user for v in ballot.voters.select_related("member__user") if v.member.user.username.startswith("clp-")
    ]
    _cast_all(ballot, voters, rng, people, section.ballot_opens + dt.timedelta(hours=5))
