"""Demo nominations for NEC 2026's CLP section: 160 CLPs nominating over the window's first
days, recorded through the services with the clock set to each moment (so the window rule holds),
a correction and a withdrawal with reasons. Hackney and Leeds Central are left for the demo
secretaries to try. Loading twice changes nothing: CLPs that already have a set are skipped.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ballots.nominations import selectors, services
from ballots.nominations.checks import Proposal
from ballots.nominations.models import MeetingMethod, NominationSet
from elections.models import CLP, CLPOfficer, Member, Section

NOMINATING_CLPS = 160
KEEP_FREE = {"hackney", "leeds-central"}  # the demo's own secretaries record these
# Independents get a fixed number of nominations so some qualify and some fall short.
INDEPENDENTS = {"umar-siddiqui": 3, "victoria-hale": 7, "william-forsyth": 1, "yasmin-clarke": 4}
LEANINGS = [
    ("centre-left-grassroots-alliance", 40),
    ("labour-to-win", 35),
    ("open-labour", 15),
    ("labour-women-for-nec", 10),
]
METHODS = [(MeetingMethod.FPTP, 48), (MeetingMethod.STV, 42), (MeetingMethod.UNCONTESTED, 10)]


def load() -> list[tuple[str, str]]:
    section = Section.objects.filter(election__slug="nec-2026", slug="clp-section").select_related("election").first()
    if section is None:
        return []
    with transaction.atomic():
        selectors.nomination_rules_for(section)
        _record_all(section)
    return []


def _record_all(section: Section) -> None:
    rng = random.Random(2026)
    done = set(NominationSet.objects.filter(section=section, changes__isnull=False).values_list("clp__slug", flat=True))
    clps = [c for c in CLP.objects.order_by("name") if c.slug not in KEEP_FREE]
    chosen = sorted(rng.sample(clps, NOMINATING_CLPS), key=lambda c: c.name)
    rng.shuffle(chosen)  # arrival order
    candidates = {c.slug: c for c in section.candidates.prefetch_related("slates").select_related("user__member")}
    start = section.nomination_opens
    span = max(min(timezone.now(), section.nomination_closes) - start, dt.timedelta(hours=1))
    step = span / (len(chosen) + 3)
    independents = [slug for slug, n in INDEPENDENTS.items() for _ in range(n)]
    secretaries = _secretaries(chosen)
    for i, clp in enumerate(chosen):
        extra = independents[i] if i < len(independents) else None
        if clp.slug in done:
            continue
        at = start + step * (i + 1)
        services.nomination_set_submit(
            section=section, clp=clp, user=secretaries[clp.pk], proposal=_proposal(rng, candidates, extra, at, start),
            source="demo", now=at,
        )  # fmt: skip
    _correct_and_withdraw(
        section, chosen, secretaries, start + step * (len(chosen) + 1), start + step * (len(chosen) + 2)
    )


def _proposal(rng: random.Random, candidates: dict, extra: str | None, at: dt.datetime, opens) -> Proposal:
    slate = rng.choices([s for s, _w in LEANINGS], weights=[w for _s, w in LEANINGS])[0]
    slate_members = [c for c in candidates.values() if any(s.slug == slate for s in c.slates.all())]
    picked = [c for c in slate_members if rng.random() < 0.85] or slate_members[:1]
    if extra:
        picked.append(candidates[extra])
    method = rng.choices([m for m, _w in METHODS], weights=[w for _m, w in METHODS])[0]
    votes = (
        {} if method == MeetingMethod.UNCONTESTED else {c.pk: rng.randint(8, 90) for c in picked if rng.random() < 0.6}
    )
    # A meeting held in the days before it was recorded, but never before the window opened.
    meeting = max(
        (timezone.localtime(at) - dt.timedelta(days=rng.randint(0, 3))).date(), timezone.localtime(opens).date()
    )
    return Proposal(candidates=picked, meeting_date=meeting, method=method, votes=votes)


def _secretaries(clps: list[CLP]) -> dict[int, object]:
    """Each CLP's secretary, creating accounts for the demo's records only (they cannot sign in)."""
    User = get_user_model()
    have = {
        o.clp_id: o.user for o in CLPOfficer.objects.filter(clp__in=clps, office="secretary").select_related("user")
    }
    missing = [c for c in clps if c.pk not in have]
    users = [User(username=f"sec-{c.slug}"[:150], first_name="Secretary", last_name=c.name[:150]) for c in missing]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, ignore_conflicts=True)
    made = User.objects.in_bulk([u.username for u in users], field_name="username")
    Member.objects.bulk_create(
        [
            Member(
                user=made[f"sec-{c.slug}"[:150]], clp=c, membership_number=f"S{c.pk:06d}", joined_on=dt.date(2012, 5, 1)
            )
            for c in missing
        ],
        ignore_conflicts=True,
    )
    CLPOfficer.objects.bulk_create(
        [CLPOfficer(user=made[f"sec-{c.slug}"[:150]], clp=c, office="secretary") for c in missing],
        ignore_conflicts=True,
    )
    return {**have, **{c.pk: made[f"sec-{c.slug}"[:150]] for c in missing}}


def _correct_and_withdraw(section, chosen, secretaries, first_at, second_at) -> None:
    corrected, withdrawn = chosen[5], chosen[11]
    nset, current = selectors.clp_set(section, corrected)
    if nset and nset.changes.count() == 1 and current:
        keep = [n.candidate for n in current[1:]] or [current[0].candidate]
        services.nomination_set_submit(
            section=section, clp=corrected, user=secretaries[corrected.pk], now=first_at, source="demo",
            proposal=Proposal(candidates=keep, meeting_date=current[0].meeting_date, method=current[0].method),
            reason=f"The meeting's minutes show {current[0].candidate.display_name} was not nominated: entered by mistake.",
        )  # fmt: skip
    nset, current = selectors.clp_set(section, withdrawn)
    if nset and nset.changes.count() == 1 and len(current) > 1:
        services.nomination_withdraw(
            section=section, clp=withdrawn, user=secretaries[withdrawn.pk], candidate_ids=[current[-1].candidate_id],
            reason="The nominating meeting was found to be inquorate for this vote; withdrawn on the regional office's advice.",
            now=second_at, source="demo",
        )  # fmt: skip
