"""Reads: hustings lists, queues, the current question and timer, counts, and the JSON shapes
sent to live pages (see docs/hustings-protocol.md). User text is sent both raw (``text``) and
through the platform sanitiser (``html``); pages only ever insert ``html``.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from elections import live
from elections.text import render_plain
from hustings.models import Answer, Hustings, Question, Vote

VISIBLE = [Question.Status.APPROVED, Question.Status.PUT, Question.Status.ANSWERED]


def server_time(now=None) -> int:
    """Milliseconds since the epoch: clients subtract their own clock to find the offset."""
    return int((now or timezone.now()).timestamp() * 1000)


def hustings_by_id(pk: int) -> Hustings:
    return get_object_or_404(Hustings.objects.select_related("section__election", "clp", "chair"), pk=pk)


def hustings_list():
    return Hustings.objects.select_related("section__election", "clp").order_by("-starts_at")


def candidates_of(hustings: Hustings) -> list[dict]:
    return [{"id": c.pk, "name": c.display_name} for c in hustings.candidates.order_by("display_name")]


def _questions(hustings: Hustings):
    return hustings.questions.select_related("author").prefetch_related(Prefetch("to_candidates", to_attr="named"))


def question_public(q: Question) -> dict:
    named = [] if q.to_all else getattr(q, "named", None)
    if named is None:
        named = list(q.to_candidates.all())
    return {
        "id": q.pk,
        "text": q.text,
        "html": str(render_plain(q.text)),
        "to": "all" if q.to_all else [c.pk for c in named],
        "to_names": [] if q.to_all else [c.display_name for c in named],
        "status": q.status,
        "votes": q.votes_count,
        "edited": q.edited,
        "topics": list(q.topics),
        "put_order": q.put_order,
    }


def question_for_moderators(q: Question) -> dict:
    return {
        **question_public(q),
        "author": q.author.get_full_name() or q.author.username,
        "original_text": q.original_text if q.edited else "",
        "original_html": str(render_plain(q.original_text)) if q.edited else "",
        "reject_reason": q.reject_reason,
        "merged_into": q.merged_into_id,
        "created": q.created.isoformat(),
    }


def question_for_author(q: Question) -> dict:
    return {
        **question_public(q),
        "original_text": q.original_text if q.edited else "",
        "original_html": str(render_plain(q.original_text)) if q.edited else "",
        "reject_reason": q.reject_reason,
        "merged_into": q.merged_into_id,
    }


def approved_queue(hustings: Hustings) -> list[Question]:
    return list(_questions(hustings).filter(status=Question.Status.APPROVED).order_by("-votes_count", "created", "id"))


def pending_queue(hustings: Hustings) -> list[Question]:
    return list(_questions(hustings).filter(status=Question.Status.PENDING).order_by("created", "id"))


def counts(hustings: Hustings) -> dict:
    totals = hustings.questions.aggregate(
        received=Count("id"),
        approved=Count("id", filter=Q(status__in=VISIBLE)),
        dismissed=Count("id", filter=Q(status=Question.Status.REJECTED)),
        merged=Count("id", filter=Q(status=Question.Status.MERGED)),
    )
    return totals


def present_count(hustings: Hustings) -> int:
    """People present: distinct signed-in people with a page open, across every process."""
    return live.present_count(hustings.stream)


def answer_state(answer: Answer, now) -> dict:
    return {
        "candidate": answer.candidate_id,
        "name": answer.candidate.display_name,
        "order": answer.order,
        "status": answer.status,
        "duration": answer.duration,
        "remaining": round(answer.remaining(now), 3),
        "running": answer.status == Answer.Status.SPEAKING,
        "spoken": round(answer.spoken_seconds, 1),
    }


def current_state(hustings: Hustings, now=None) -> dict:
    """The question being answered, each candidate's turn, who is speaking and the time left."""
    now = now or timezone.now()
    question = None
    if hustings.current_question_id:
        question = _questions(hustings).filter(pk=hustings.current_question_id).first()
    if question is None:
        return {"question": None, "answers": [], "speaking": None, "server_time": server_time(now)}
    answers = [answer_state(a, now) for a in question.answers.select_related("candidate").order_by("order")]
    speaking = next((a["candidate"] for a in answers if a["status"] in ("speaking", "paused")), None)
    return {
        "question": question_public(question),
        "answers": answers,
        "speaking": speaking,
        "server_time": server_time(now),
    }


def public_snapshot(hustings: Hustings) -> dict:
    hustings.refresh_from_db()
    return {
        "hustings": {
            "id": hustings.pk,
            "title": hustings.title,
            "state": hustings.state,
            "answer_seconds": hustings.answer_seconds,
            "candidates": candidates_of(hustings),
        },
        "queue": [question_public(q) for q in approved_queue(hustings)],
        "current": current_state(hustings),
        "counts": counts(hustings),
        "present": present_count(hustings),
        "server_time": server_time(),
    }


def moderator_snapshot(hustings: Hustings) -> dict:
    return {"pending": [question_for_moderators(q) for q in pending_queue(hustings)], "server_time": server_time()}


def personal_snapshot(hustings: Hustings, user) -> dict:
    return personal_snapshots(hustings, [user.pk])[user.pk]


def personal_snapshots(hustings: Hustings, user_ids) -> dict[int, dict]:
    """Each person's own questions and votes, for many people in three queries."""
    user_ids = set(user_ids)
    asked = Question.askers.through.objects.filter(question__hustings=hustings, user_id__in=user_ids)
    pairs = set(asked.values_list("user_id", "question_id"))
    pairs |= set(hustings.questions.filter(author_id__in=user_ids).values_list("author_id", "id"))
    questions = {q.pk: q for q in _questions(hustings).filter(pk__in={qid for _, qid in pairs})}
    voted = Vote.objects.filter(user_id__in=user_ids, question__hustings=hustings).values_list("user_id", "question_id")
    out = {uid: {"questions": [], "voted": []} for uid in user_ids}
    for uid, qid in sorted(pairs, key=lambda p: (questions[p[1]].created, p[1])):
        out[uid]["questions"].append(question_for_author(questions[qid]))
    for uid, qid in voted:
        out[uid]["voted"].append(qid)
    for state in out.values():
        state["voted"].sort()
    return out


def transcript(hustings: Hustings) -> list[dict]:
    """Questions put, in order, with each candidate's turn: for the returning officer's record."""
    rows = []
    questions = hustings.questions.filter(put_order__isnull=False).select_related("author").order_by("put_order")
    for q in questions.prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("candidate"))):
        rows.append({"question": q, "answers": list(q.answers.all())})
    return rows
