"""Load-test data: N members with sessions, a moderator, a hustings and K pending questions.

Created once with bulk inserts and reused on later runs (members are named loadmember00001…).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import management
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _users(prefix: str, count: int):
    from elections.models import CLP, Member

    User = get_user_model()
    password = make_password("load-test-only")
    clp, _ = CLP.objects.get_or_create(slug="load-test-clp", defaults={"name": "Load Test CLP", "region": "london"})
    names = [f"{prefix}{n:05d}" for n in range(count)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=n, password=password, first_name="Load", last_name=n) for n in names if n not in have]
    )
    users = list(User.objects.filter(username__in=names).order_by("username"))
    members = set(Member.objects.filter(user__in=users).values_list("user_id", flat=True))
    Member.objects.bulk_create(
        [
            Member(user=u, clp=clp, membership_number=f"LT{u.pk:07d}", joined_on=dt.date(2020, 1, 1))
            for u in users
            if u.pk not in members
        ]
    )
    return users


def _sessions(users) -> list[str]:
    store = SessionStore()
    expiry = timezone.now() + dt.timedelta(days=1)
    rows, keys = [], []
    for user in users:
        key = get_random_string(32)
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: BACKEND, HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expiry))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=1000)
    return keys


def _hustings(moderator):
    from elections.models import Election, Section
    from hustings.models import Hustings

    now = timezone.now()
    election, _ = Election.objects.get_or_create(slug="load-test", defaults={"name": "Load test election"})
    section, _ = Section.objects.get_or_create(
        election=election, slug="load-section",
        defaults={
            "name": "Load section", "seats": 9, "min_women": 4, "freeze_date": dt.date(2026, 1, 1),
            "nomination_opens": now - dt.timedelta(days=2), "nomination_closes": now - dt.timedelta(days=1),
            "ballot_opens": now + dt.timedelta(days=1), "ballot_closes": now + dt.timedelta(days=2),
        },
    )  # fmt: skip
    hustings, _ = Hustings.objects.get_or_create(
        section=section, title="Load test hustings",
        defaults={"starts_at": now, "ends_at": now + dt.timedelta(days=3650), "state": Hustings.State.OPEN},
    )  # fmt: skip
    hustings.moderators.add(moderator)
    return hustings


def prepare_data(clients: int, questions: int, prefix: str) -> dict:
    from hustings.models import Question

    management.call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        users = _users(prefix, clients)
        moderator = get_user_model().objects.get_or_create(username="loadmoderator")[0]
        hustings = _hustings(moderator)
        pending = [
            Question(
                hustings=hustings, author=users[n % len(users)], text=f"Load question {n} at {timezone.now():%H:%M:%S}"
            )
            for n in range(questions)
        ]
        Question.objects.bulk_create(pending)
        keys = _sessions([*users, moderator])
    return {
        "hustings": hustings.pk,
        "sessions": keys[:-1],
        "moderator": keys[-1],
        "questions": [
            q.pk for q in Question.objects.filter(hustings=hustings, status="pending").order_by("-id")[:questions]
        ][::-1],
    }
