"""The live declaration: a declared result revealed stage by stage to the live results page.

The returning officer advances it one stage at a time; each advance is stored (``LiveReveal``)
and published on the count's live stream through ``elections.live.publish`` (the one
publishing helper, after commit), so every member on every server process sees the same stage
at the same moment. ``reveal_state`` is what a page or a new connection shows: the stages shown
so far, or the whole sheet when no reveal was started or it has finished.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ballots.results.models import Count, LiveReveal
from ballots.results.permissions import require_manage
from ballots.results.resultdata import result_from_json, stage_label
from elections import live
from elections.audit import audit_record
from elections.refusals import Conflict


def reveal_stream(count_id: int) -> str:
    return f"results-reveal-{count_id}"


def reveal_refusal(count: Count, reveal: LiveReveal | None) -> Conflict | None:
    if not count.is_declared or not count.result_json:
        return Conflict(
            f"Count {count.pk} is not a declared result: only a declared result is revealed stage by stage.",
            code="not_declared",
        )
    if reveal is not None and reveal.finished:
        return Conflict(f"Every stage of count {count.pk} has been revealed.", code="reveal_finished")
    return None


def reveal_advance(*, user, count: Count) -> dict:
    """Show the next stage (the first, when starting). Returns the event published."""
    require_manage(user, count.section, "reveal the result stage by stage")
    with transaction.atomic():
        count = Count.objects.select_for_update(of=("self",)).select_related("section__election").get(pk=count.pk)
        reveal = LiveReveal.objects.select_for_update().filter(count=count).first()
        refusal = reveal_refusal(count, reveal)
        if refusal is not None:
            raise refusal
        if reveal is None:
            total = len(result_from_json(count.result_json).stages)
            reveal = LiveReveal.objects.create(count=count, total=total, started_by=user)
        reveal.shown += 1
        reveal.updated_at = timezone.now()
        reveal.save(update_fields=["shown", "updated_at"])
        audit_record(
            actor=user, action="count.revealed", section=count.section, obj=count,
            details={"shown": reveal.shown, "of": reveal.total},
        )  # fmt: skip
        return reveal_event(count, reveal)


def reveal_event(count: Count, reveal: LiveReveal) -> dict:
    state = reveal_state(count, reveal)
    payload = {"shown": state["shown"], "total": state["total"], "stage": state["stages"][-1],
               "elected": state["elected"], "done": state["done"]}  # fmt: skip
    return live.publish(reveal_stream(count.pk), "reveal.stage", payload)


def reveal_state(count: Count, reveal: LiveReveal | None = None) -> dict:
    """{shown, total, stages (shown so far), elected (so far), done, live (a reveal is under way)}."""
    if reveal is None:
        reveal = LiveReveal.objects.filter(count=count).first()
    result = result_from_json(count.result_json)
    total = len(result.stages)
    shown = total if reveal is None else min(reveal.shown, total)
    stages = [_stage(s) for s in result.stages[:shown]]
    elected = [n for s in stages for n in s["elected"]]
    return {"shown": shown, "total": total, "stages": stages, "elected": elected, "done": shown >= total,
            "live": reveal is not None and not reveal.finished, "quota": result.quota,
            "candidates": list(result.candidates)}  # fmt: skip


def _stage(stage) -> dict:
    return {"label": stage_label(stage), "action": stage.action, "tallies": dict(stage.tallies),
            "elected": list(stage.elected), "excluded": list(stage.excluded), "exhausted": stage.exhausted}  # fmt: skip
