"""Asking, voting and moderating questions.

Every function takes the acting user first (``actor``), checks the rule, changes rows under a
lock where two people could race, and publishes what changed to the right audience: the public
stream (everyone), the moderators' stream, and the personal stream of the people who asked.
Row locks are ``FOR NO KEY UPDATE`` (see session.py): they must not block inserts that refer to
the locked row.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from elections.audit import audit_record
from elections.live import publish
from hustings import permissions, selectors
from hustings.models import Hustings, Question, RateHit, Vote

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CLIENT_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_TOPICS, MAX_TOPIC_CHARS, MAX_REASON_CHARS = 5, 40, 300
OPEN_FOR_MODERATION = {Question.Status.PENDING, Question.Status.APPROVED}


def clean_text(text, *, what: str = "A question", limit: int | None = None) -> str:
    """Trim, drop control characters and enforce the length limit (the sanitiser runs on output)."""
    if not isinstance(text, str):
        raise ValidationError(f"{what} must be text.")
    if _SURROGATE.search(text):
        raise ValidationError(f"{what} contains an invalid character; send valid Unicode text.")
    text = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
    limit = limit or settings.HUSTINGS_QUESTION_MAX_CHARS
    if not text:
        raise ValidationError(f"{what} cannot be empty.")
    if len(text) > limit:
        raise ValidationError(f"{what} is {len(text)} characters long; the limit is {limit}.")
    return text


def _rate_limit(*, hustings: Hustings, user, action: str, per_minute: int, label: str) -> None:
    """Refuse the action if this member has used up their allowance for the last minute.

    Locks the member's user row so two connections of the same member cannot both slip under
    the limit; the hits live in the database so every process sees them.
    """
    get_user_model().objects.select_for_update(no_key=True, of=("self",)).filter(pk=user.pk).first()
    now = timezone.now()
    window = now - dt.timedelta(seconds=60)
    hits = RateHit.objects.filter(hustings=hustings, user=user, action=action)
    hits.filter(at__lt=window).delete()
    recent = list(hits.order_by("at").values_list("at", flat=True))
    if len(recent) >= per_minute:
        wait = max(1, int((recent[0] + dt.timedelta(seconds=60) - now).total_seconds()) + 1)
        raise ValidationError(f"Rate limit: at most {per_minute} {label} a minute. Try again in {wait} seconds.")
    RateHit.objects.create(hustings=hustings, user=user, action=action, at=now)


def _recipients(candidate_ids, hustings: Hustings) -> list:
    if candidate_ids == "all" or candidate_ids is None:
        return []
    if not isinstance(candidate_ids, list) or not candidate_ids or not all(isinstance(c, int) for c in candidate_ids):
        raise ValidationError("'to' must be \"all\" or a list of candidate ids.")
    found = list(hustings.candidates.filter(pk__in=candidate_ids))
    if len(found) != len(set(candidate_ids)):
        missing = sorted(set(candidate_ids) - {c.pk for c in found})
        raise ValidationError(f"Not candidates at this hustings: {missing}.")
    return found


def _announce(
    question: Question, *, public: str | None = None, mod: str | None = "question.updated", counts=False
) -> None:
    """Publish a question's new state to moderators, to everyone if it is visible, and to its askers.

    ``counts`` rides along on the public event when the change moved them (one event, not two,
    reaches every screen).
    """
    hustings = question.hustings
    if mod:
        publish(hustings.mod_stream, mod, {"question": selectors.question_for_moderators(question)})
    if public:
        payload = {"question": selectors.question_public(question)}
        if counts:
            payload["counts"] = selectors.counts(hustings)
        publish(hustings.stream, public, payload)
    for user_id in question.askers.values_list("pk", flat=True):
        publish(
            hustings.personal_stream(user_id), "question.mine", {"question": selectors.question_for_author(question)}
        )


def _publish_counts(hustings: Hustings) -> None:
    publish(hustings.stream, "counts", {"counts": selectors.counts(hustings)})


def question_submit(*, actor, hustings: Hustings, text, to="all", key=None) -> Question:
    """Store a member's question (committed before it is acknowledged) for the moderators.

    ``key`` is chosen by the asker's page for each question: a page that resends a question it
    had no acknowledgement for (after a reconnect) gets the question already stored, not a copy.
    """
    if key is not None and (not isinstance(key, str) or not _CLIENT_KEY.fullmatch(key)):
        raise ValidationError("'key' must be 1 to 64 letters, digits, '-' or '_'.")
    try:
        return _submit(actor=actor, hustings=hustings, text=text, to=to, key=key or "")
    except IntegrityError:  # the same key sent twice at once: the other copy won
        existing = _already_asked(actor, hustings, key)
        if existing is None:
            raise
        return existing


def _already_asked(actor, hustings: Hustings, key) -> Question | None:
    if not key:
        return None
    return Question.objects.filter(hustings=hustings, author=actor, client_key=key).first()


@transaction.atomic
def _submit(*, actor, hustings: Hustings, text, to, key: str) -> Question:
    permissions.require_asker(actor, hustings)
    existing = _already_asked(actor, hustings, key)
    if existing is not None:
        return existing
    text = clean_text(text)
    named = _recipients(to, hustings)
    _rate_limit(
        hustings=hustings, user=actor, action="question",
        per_minute=settings.HUSTINGS_QUESTIONS_PER_MINUTE, label="questions",
    )  # fmt: skip
    question = Question(hustings=hustings, author=actor, text=text, to_all=not named, client_key=key)
    question.full_clean(validate_constraints=False)
    question.save()
    question.askers.add(actor)
    if named:
        question.to_candidates.set(named)
    _announce(question, mod="question.submitted")
    _publish_counts(hustings)
    return question


def _locked(question: Question) -> Question:
    return (
        Question.objects.select_for_update(no_key=True, of=("self",))
        .select_related("hustings__section__election")
        .get(pk=question.pk)
    )


def _vote_check(actor, question: Question) -> None:
    permissions.require_asker(actor, question.hustings)
    if question.status != Question.Status.APPROVED:
        raise ValidationError("Only questions in the approved queue can be voted for.")
    _rate_limit(
        hustings=question.hustings, user=actor, action="vote",
        per_minute=settings.HUSTINGS_VOTES_PER_MINUTE, label="votes",
    )  # fmt: skip


@transaction.atomic
def question_vote(*, actor, question: Question) -> Question:
    question = _locked(question)
    _vote_check(actor, question)
    try:
        with transaction.atomic():
            Vote.objects.create(question=question, user=actor)
    except IntegrityError:
        raise ValidationError("You have already voted for this question.") from None
    return _after_vote(actor, question, +1, True)


@transaction.atomic
def question_unvote(*, actor, question: Question) -> Question:
    question = _locked(question)
    _vote_check(actor, question)
    deleted, _ = Vote.objects.filter(question=question, user=actor).delete()
    if not deleted:
        raise ValidationError("You have not voted for this question.")
    return _after_vote(actor, question, -1, False)


def _after_vote(actor, question: Question, change: int, voted: bool) -> Question:
    Question.objects.filter(pk=question.pk).update(votes_count=F("votes_count") + change)
    question.refresh_from_db(fields=["votes_count"])
    hustings = question.hustings
    publish(hustings.stream, "question.votes", {"id": question.pk, "votes": question.votes_count})
    publish(hustings.personal_stream(actor.pk), "vote", {"id": question.pk, "voted": voted})
    return question


def _moderatable(actor, question: Question) -> Question:
    question = _locked(question)
    permissions.require_moderator(actor, question.hustings)
    if question.hustings.state == Hustings.State.ENDED:
        raise ValidationError("This hustings has ended; its questions can no longer be moderated.")
    return question


def _mark(question: Question, actor, status: str) -> None:
    question.status = status
    question.moderated_at = timezone.now()
    question.moderated_by = actor
    question.full_clean(exclude=["hustings", "author", "merged_into", "moderated_by"])  # set by us, not typed in
    question.save()


def audit_moderation(actor, question: Question, action: str, **details) -> None:
    """Every moderation decision goes in the audit log, in the transaction that made it."""
    hustings = question.hustings
    details = {"hustings": hustings.pk, "hustings_title": hustings.title, **details}
    audit_record(actor=actor, action=action, section=hustings.section, obj=question, details=details)


@transaction.atomic
def question_approve(*, actor, question: Question) -> Question:
    question = _moderatable(actor, question)
    if question.status != Question.Status.PENDING:
        raise ValidationError(
            f"Only questions awaiting moderation can be approved; this one is {question.get_status_display().lower()}."
        )
    _mark(question, actor, Question.Status.APPROVED)
    audit_moderation(actor, question, "question.approved")
    _announce(question, public="question.approved", mod="question.moderated", counts=True)
    return question


@transaction.atomic
def question_reject(*, actor, question: Question, reason) -> Question:
    question = _moderatable(actor, question)
    reason = clean_text(reason, what="The reason", limit=MAX_REASON_CHARS)
    if question.status not in OPEN_FOR_MODERATION:
        raise ValidationError(
            f"This question is {question.get_status_display().lower()}; it can no longer be rejected."
        )
    was_visible = question.status == Question.Status.APPROVED
    question.reject_reason = reason
    _mark(question, actor, Question.Status.REJECTED)
    audit_moderation(actor, question, "question.rejected", reason=reason, was_visible=was_visible)
    _announce(question, mod="question.moderated")
    if was_visible:
        removed = {"id": question.pk, "status": question.status, "counts": selectors.counts(question.hustings)}
        publish(question.hustings.stream, "question.removed", removed)
    else:
        _publish_counts(question.hustings)
    return question


@transaction.atomic
def question_edit(*, actor, question: Question, text) -> Question:
    """Reword for clarity; the member's own words are kept and shown as the original."""
    question = _moderatable(actor, question)
    if question.status not in OPEN_FOR_MODERATION:
        raise ValidationError(f"This question is {question.get_status_display().lower()}; it can no longer be edited.")
    text = clean_text(text)
    before = question.text
    if not question.original_text:
        question.original_text = question.text
    question.text = text
    question.full_clean()
    question.save()
    audit_moderation(actor, question, "question.edited", before=before, after=text)
    _announce(question, public="question.updated" if question.status == Question.Status.APPROVED else None)
    return question


@transaction.atomic
def question_tag(*, actor, question: Question, topics) -> Question:
    question = _moderatable(actor, question)
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ValidationError("'topics' must be a list of words.")
    cleaned = []
    for topic in topics:
        topic = clean_text(topic, what="A topic", limit=MAX_TOPIC_CHARS).lower()
        if topic not in cleaned:
            cleaned.append(topic)
    if len(cleaned) > MAX_TOPICS:
        raise ValidationError(f"At most {MAX_TOPICS} topics per question.")
    question.topics = cleaned
    question.save(update_fields=["topics"])
    audit_moderation(actor, question, "question.tagged", topics=cleaned)
    _announce(question, public="question.updated" if question.status == Question.Status.APPROVED else None)
    return question


@transaction.atomic
def question_merge(*, actor, duplicate: Question, into: Question) -> Question:
    """Fold a duplicate into another question: its askers and votes move across."""
    first, second = sorted([duplicate, into], key=lambda q: q.pk)  # lock in one order: no deadlock
    locked = {q.pk: _moderatable(actor, q) for q in (first, second)}
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if duplicate.pk == into.pk:
        raise ValidationError("A question cannot be merged into itself.")
    if duplicate.hustings_id != into.hustings_id:
        raise ValidationError("Both questions must belong to the same hustings.")
    for q in (duplicate, into):
        if q.status not in OPEN_FOR_MODERATION:
            raise ValidationError(
                f"Question {q.pk} is {q.get_status_display().lower()}; only pending or approved questions can be merged."
            )
    was_visible = duplicate.status == Question.Status.APPROVED
    into.askers.add(*duplicate.askers.all())
    already = set(into.votes.values_list("user_id", flat=True))
    duplicate.votes.exclude(user_id__in=already).update(question=into)
    duplicate.votes.all().delete()
    into.votes_count = into.votes.count()
    into.save(update_fields=["votes_count"])
    duplicate.merged_into = into
    duplicate.votes_count = 0
    _mark(duplicate, actor, Question.Status.MERGED)
    audit_moderation(actor, duplicate, "question.merged", into=into.pk)
    _announce(duplicate, mod="question.moderated")
    if was_visible:
        publish(duplicate.hustings.stream, "question.removed", {"id": duplicate.pk, "status": duplicate.status})
    _announce(into, public="question.updated" if into.status == Question.Status.APPROVED else None)
    _publish_counts(into.hustings)
    return into
