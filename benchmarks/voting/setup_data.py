"""Load-test data for online ballots (run inside Django; reused on later runs).

130,000 members in good standing; a section "Load test CLP section" (9 seats, at least 4 women,
20 candidates, STV by ERS97) whose ballot window is open now, opened through the voting service
(which draws up the 130,000-strong electorate); sessions for the voters the load test will use.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

PREFIX = "loadvoter"
BATCH = 5000


def _people(members: int):
    from elections.models import CLP, Member

    User = get_user_model()
    clp, _ = CLP.objects.get_or_create(slug="load-test-clp", defaults={"name": "Load test CLP", "region": "london"})
    have = User.objects.filter(username__startswith=PREFIX).count()
    unusable = "!" + secrets.token_urlsafe(30)  # as set_unusable_password would, without 130,000 calls
    for start in range(have, members, BATCH):
        names = [f"{PREFIX}{n:06d}" for n in range(start, min(start + BATCH, members))]
        User.objects.bulk_create([User(username=u, password=unusable, first_name="Load", last_name=u) for u in names])
        made = User.objects.filter(username__in=names)
        Member.objects.bulk_create(
            [
                Member(
                    user=u, clp=clp, membership_number=f"LT{u.username[len(PREFIX) :]}", joined_on=dt.date(2020, 1, 1)
                )
                for u in made
            ]
        )
    return clp


def _section(slug: str, name: str, closes_in: dt.timedelta):
    from ballots.nominations import services as nominations
    from ballots.nominations.models import Affiliate
    from elections.models import CLP, Candidate, Election, Section

    User = get_user_model()
    ro, _ = User.objects.get_or_create(username="loadro", defaults={"first_name": "Load", "last_name": "Officer"})
    election, _ = Election.objects.get_or_create(slug="load-test", defaults={"name": "Load test election"})
    election.returning_officers.add(ro)
    now = timezone.now()
    section, created = Section.objects.get_or_create(
        election=election, slug=slug,
        defaults={"name": name, "seats": 9, "min_women": 4, "freeze_date": dt.date(2026, 6, 24),
                  "nomination_opens": now - dt.timedelta(days=3), "nomination_closes": now - dt.timedelta(hours=2),
                  "ballot_opens": now - dt.timedelta(hours=1), "ballot_closes": now + closes_in,
                  "counting_method": "ers97"},
    )  # fmt: skip
    if created:
        home = CLP.objects.get(slug="load-test-clp")
        union, _ = Affiliate.objects.get_or_create(
            slug="load-union", defaults={"name": "Load union", "kind": "trade_union"}
        )
        nominations.nomination_rules_update(section=section, user=ro, threshold_kind="affiliates", threshold_value=1)
        for i in range(20):
            c = Candidate.objects.create(
                section=section, display_name=f"Candidate {chr(65 + i)} Loadtest{i:02d}", slug=f"c{i}",
                gender="woman" if i % 2 else "man", home_clp=home,
            )  # fmt: skip
            nominations.affiliate_nomination_record(
                candidate=c, affiliate=union, user=ro, now=section.nomination_opens + dt.timedelta(hours=1)
            )
    return section, ro


def prepare(members: int, voters: int, slug: str = "load-clp-section", closes_in=dt.timedelta(hours=6)) -> dict:
    """Create or reuse everything; returns the ballot, its candidates and sessions of voters who have not voted."""
    from ballots.voting import services
    from ballots.voting.models import OnlineBallot, RegisterMark, Voter

    _people(members)
    section, ro = _section(slug, f"Load test {slug}", closes_in)
    ballot = OnlineBallot.objects.filter(section=section).first()
    if ballot is None:
        started = timezone.now()
        ballot = services.online_ballot_open_section(section=section, user=ro, candidate_order="rotated")
        print(f"opened ballot {ballot.pk}: electorate {ballot.electorate_size:,} drawn up in "
              f"{(timezone.now() - started).total_seconds():.1f} s")  # fmt: skip
    voted = RegisterMark.objects.filter(ballot=ballot).values("voter_id")
    users = list(
        Voter.objects.filter(ballot=ballot).exclude(pk__in=voted).select_related("member__user")
        .order_by("id")[:voters].values_list("member__user", flat=True)
    )  # fmt: skip
    sessions = []
    User = get_user_model()
    with transaction.atomic():
        for user in User.objects.filter(pk__in=users):
            store = SessionStore()
            store["_auth_user_id"] = str(user.pk)
            store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
            store["_auth_user_hash"] = user.get_session_auth_hash()
            store.create()
            sessions.append(store.session_key)
    return {"ballot": ballot.pk, "candidates": ballot.candidate_ids, "sessions": sessions, "ro": ro.pk}
