"""Running the session: its state, putting questions to candidates, and the answer timer.

The timer lives on the server as timestamps on ``Answer`` rows; remaining time is computed from
them, so nothing needs to tick and every screen, on every process, shows the same time. Each
change locks the hustings row, so two chairs' clicks are applied one after the other. Locks are
``FOR NO KEY UPDATE`` (``no_key=True``) of the row itself only (``of=("self",)``: without it a
``select_related`` locks the joined hustings, section and election rows too). They never change a
key, so they do not block members' inserts that refer to the hustings or question (votes,
questions, rate hits), which otherwise deadlock against them on PostgreSQL (tests/hustings/test_locks.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from elections.audit import audit_record
from elections.live import publish
from hustings import permissions, selectors
from hustings.models import Answer, Hustings, Question

State = Hustings.State
NEXT_STATES = {
    State.SCHEDULED: {State.OPEN, State.LIVE},
    State.OPEN: {State.LIVE, State.ENDED},
    State.LIVE: {State.ENDED},
    State.ENDED: set(),
}
ACTIVE = (Answer.Status.SPEAKING, Answer.Status.PAUSED)


def _locked_for_chair(actor, hustings: Hustings) -> Hustings:
    hustings = (
        Hustings.objects.select_for_update(no_key=True, of=("self",))
        .select_related("section__election")
        .get(pk=hustings.pk)
    )
    permissions.require_chair(actor, hustings)
    return hustings


def _publish_current(hustings: Hustings) -> dict:
    return publish(hustings.stream, "current", {"current": selectors.current_state(hustings)})


@transaction.atomic
def hustings_set_state(*, actor, hustings: Hustings, state) -> Hustings:
    hustings = _locked_for_chair(actor, hustings)
    if state not in State.values:
        raise ValidationError(f"Unknown state {state!r}; use one of {', '.join(State.values)}.")
    if state not in NEXT_STATES[hustings.state]:
        raise ValidationError(
            f"A hustings that is {hustings.get_state_display().lower()} cannot become {State(state).label.lower()}."
        )
    if state == State.ENDED and hustings.current_question_id:
        _finish(hustings)
    before = hustings.state
    hustings.state = state
    hustings.full_clean()
    hustings.save(update_fields=["state", "current_question"])
    audit_record(
        actor=actor, action="hustings.state_changed", section=hustings.section, obj=hustings,
        details={"from": before, "to": state},
    )  # fmt: skip
    publish(hustings.stream, "hustings.state", {"state": hustings.state})
    return hustings


def _close_answer(answer: Answer, now, status=Answer.Status.DONE) -> None:
    if answer.status == Answer.Status.SPEAKING and answer.started_at:
        answer.spoken_seconds += (now - answer.started_at).total_seconds()
    answer.status = status
    answer.ended_at = now
    answer.started_at = None
    answer.save()


def _finish(hustings: Hustings) -> None:
    """Close the current question: a speaking candidate's answer ends, nobody else is called."""
    now = timezone.now()
    question = Question.objects.select_for_update(no_key=True, of=("self",)).get(pk=hustings.current_question_id)
    for answer in question.answers.filter(status__in=ACTIVE):
        _close_answer(answer, now)
    question.status = Question.Status.ANSWERED
    question.save(update_fields=["status"])
    hustings.current_question = None


def _answer_order(hustings: Hustings, question: Question, order) -> list:
    expected = list(question.to_candidates.all()) if not question.to_all else list(hustings.candidates.all())
    if not expected:
        raise ValidationError("This hustings has no candidates to put the question to.")
    if order is None:
        return sorted(expected, key=lambda c: c.display_name)
    if not isinstance(order, list) or not all(isinstance(c, int) and not isinstance(c, bool) for c in order):
        raise ValidationError("'order' must be a list of candidate ids.")
    by_id = {c.pk: c for c in expected}
    if len(order) != len(set(order)) or set(order) != set(by_id):
        names = ", ".join(sorted(c.display_name for c in expected))
        raise ValidationError(f"'order' must list each candidate the question is for exactly once: {names}.")
    return [by_id[pk] for pk in order]


@transaction.atomic
def question_put(*, actor, hustings: Hustings, question: Question, order=None) -> Question:
    """Put an approved question to the candidates, in the chair's order (alphabetical by default)."""
    hustings = _locked_for_chair(actor, hustings)
    if hustings.state != State.LIVE:
        raise ValidationError("Questions can be put only while the hustings is live.")
    question = Question.objects.select_for_update(no_key=True, of=("self",)).get(pk=question.pk)
    if question.hustings_id != hustings.pk:
        raise ValidationError("That question belongs to another hustings.")
    if question.status != Question.Status.APPROVED:
        raise ValidationError(
            f"Only approved questions can be put; this one is {question.get_status_display().lower()}."
        )
    candidates = _answer_order(hustings, question, order)
    if hustings.current_question_id:
        _finish(hustings)
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(question=question, candidate=c, order=n, duration=hustings.answer_seconds)
        for n, c in enumerate(candidates, start=1)
    )
    question.status = Question.Status.PUT
    question.put_at = now
    question.put_order = (hustings.questions.aggregate(n=Max("put_order"))["n"] or 0) + 1
    question.save(update_fields=["status", "put_at", "put_order"])
    hustings.current_question = question
    hustings.save(update_fields=["current_question"])
    audit_record(
        actor=actor, action="question.put", section=hustings.section, obj=question,
        details={"hustings": hustings.pk, "order": [c.display_name for c in candidates]},
    )  # fmt: skip
    publish(hustings.stream, "question.removed", {"id": question.pk, "status": question.status})
    _publish_current(hustings)
    return question


def _answers(hustings: Hustings):
    if not hustings.current_question_id:
        raise ValidationError("No question is being answered: put one first.")
    return (
        Answer.objects.select_for_update(no_key=True, of=("self",))
        .select_related("candidate")
        .filter(question_id=hustings.current_question_id)
    )


def _answer_for(hustings: Hustings, candidate_id, statuses) -> Answer:
    answers = _answers(hustings).filter(status__in=statuses).order_by("order")
    if candidate_id is not None:
        if not isinstance(candidate_id, int) or isinstance(candidate_id, bool):
            raise ValidationError("'candidate' must be a candidate id.")
        answers = answers.filter(candidate_id=candidate_id)
    answer = answers.first()
    if answer is None:
        wanted = " or ".join(Answer.Status(s).label.lower() for s in statuses)
        raise ValidationError(
            f"No candidate {wanted} on this question"
            + (f" with id {candidate_id}." if candidate_id is not None else ".")
        )
    return answer


@transaction.atomic
def timer_start(*, actor, hustings: Hustings, candidate=None) -> Answer:
    """Start a candidate's answer: the one named, or the next waiting in the chair's order."""
    hustings = _locked_for_chair(actor, hustings)
    busy = _answers(hustings).filter(status__in=ACTIVE).first()
    if busy:
        raise ValidationError(f"{busy.candidate.display_name} is still answering: end or skip that answer first.")
    answer = _answer_for(hustings, candidate, [Answer.Status.WAITING])
    now = timezone.now()
    answer.status, answer.started_at, answer.paused_remaining = Answer.Status.SPEAKING, now, None
    answer.first_started_at = answer.first_started_at or now
    answer.save()
    _publish_current(hustings)
    return answer


@transaction.atomic
def timer_pause(*, actor, hustings: Hustings) -> Answer:
    hustings = _locked_for_chair(actor, hustings)
    answer = _answer_for(hustings, None, [Answer.Status.SPEAKING])
    now = timezone.now()
    answer.paused_remaining = answer.remaining(now)
    answer.spoken_seconds += (now - answer.started_at).total_seconds()
    answer.status, answer.started_at = Answer.Status.PAUSED, None
    answer.save()
    _publish_current(hustings)
    return answer


@transaction.atomic
def timer_resume(*, actor, hustings: Hustings) -> Answer:
    hustings = _locked_for_chair(actor, hustings)
    answer = _answer_for(hustings, None, [Answer.Status.PAUSED])
    answer.status, answer.started_at = Answer.Status.SPEAKING, timezone.now()
    answer.save()
    _publish_current(hustings)
    return answer


@transaction.atomic
def timer_end(*, actor, hustings: Hustings) -> Answer:
    hustings = _locked_for_chair(actor, hustings)
    answer = _answer_for(hustings, None, list(ACTIVE))
    _close_answer(answer, timezone.now())
    _publish_current(hustings)
    return answer


@transaction.atomic
def candidate_skip(*, actor, hustings: Hustings, candidate) -> Answer:
    """Pass over an absent candidate (waiting, or cut off mid-answer)."""
    hustings = _locked_for_chair(actor, hustings)
    if candidate is None:
        raise ValidationError("Name the candidate to skip ('candidate': id).")
    answer = _answer_for(hustings, candidate, [Answer.Status.WAITING, *ACTIVE])
    _close_answer(answer, timezone.now(), status=Answer.Status.SKIPPED)
    _publish_current(hustings)
    return answer


@transaction.atomic
def question_finish(*, actor, hustings: Hustings) -> Hustings:
    hustings = _locked_for_chair(actor, hustings)
    if not hustings.current_question_id:
        raise ValidationError("No question is being answered.")
    _finish(hustings)
    hustings.save(update_fields=["current_question"])
    _publish_current(hustings)
    return hustings
