"""Demo hustings for NEC 2026's CLP section: a chair, a moderator, candidates and some questions.

Idempotent: natural keys and ``update_or_create``; questions are created only once. Runs after
``elections.demo`` (see DEMO_MODULES in load_demo).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from elections.demo import DEMO_PASSWORD
from elections.models import Candidate, Section
from hustings.models import Hustings, Question

TITLE = "NEC 2026 CLP section: online members' hustings"
PEOPLE = {"hchair": ("Harriet", "Chair", "hustings chair"), "moderator": ("Morgan", "Moderator", "hustings moderator")}
CANDIDATES = ["Ayesha Rahman", "Ben Okafor", "Grace Whitfield", "Megan Evans", "Samuel Adeyemi"]
QUESTIONS = [
    ("How would you make NEC decisions more transparent to ordinary members?", "approved", ["transparency"]),
    ("What will you do to support CLPs with falling membership?", "approved", ["organising"]),
    ("Should CLPs get a bigger say in selecting parliamentary candidates?", "pending", []),
    ("How will you make hustings and meetings accessible to disabled members?", "pending", ["accessibility"]),
]


def _user(username: str):
    first, last, _role = PEOPLE[username]
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def load() -> list[tuple[str, str]]:
    section = Section.objects.filter(election__slug="nec-2026", slug="clp-section").first()
    if section is None:
        return []
    chair, moderator = _user("hchair"), _user("moderator")
    # Starts within the hour and is open for questions: the demo chair can go live at once.
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    hustings, created = Hustings.objects.get_or_create(
        section=section,
        title=TITLE,
        defaults={
            "description": "Candidates answer members' questions. Questions are screened by the moderators; each candidate has **90 seconds** per answer.",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=3),
            "chair": chair,
            "state": Hustings.State.OPEN,
        },
    )
    hustings.moderators.add(moderator)
    hustings.candidates.add(*Candidate.objects.filter(section=section, display_name__in=CANDIDATES))
    if created or not hustings.questions.exists():
        _questions(hustings)
    return [(u, role) for u, (_f, _l, role) in PEOPLE.items()]


def _questions(hustings: Hustings) -> None:
    """Direct rows, not services: the demo starts with a history, not with live announcements."""
    User = get_user_model()
    askers = list(User.objects.filter(username__in=["member", "secretary", "chair", "secretary2"]).order_by("username"))
    for n, (text, status, topics) in enumerate(QUESTIONS):
        author = askers[n % len(askers)]
        question = Question.objects.create(hustings=hustings, author=author, text=text, status=status, topics=topics)
        question.askers.add(author)
