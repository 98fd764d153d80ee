"""Rule comparisons: one count's ballots under every rule, on the task queue (an analysis, never a
result: nothing here declares, freezes or locks anything).

``comparison_request`` stores the comparison with its inputs (taken from the count it was asked
from) and queues ``run_comparison_task`` in the same transaction, on the counts' queue, so the
count worker runs it and the web server never waits for it. The rules run in parallel processes
(``RESULTS_COMPARISON_PROCESSES``, default 2): Meek is most of the time on a large election.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ballots.analysis import sensitivity
from ballots.counting.model import CountError
from ballots.counting.version import ENGINE_VERSION
from ballots.results import ballotfiles, resultdata
from ballots.results.models import Count, RuleComparison
from ballots.results.permissions import require_manage
from ballots.results.services.counts import COUNT_QUEUE, _count_options, counted_election
from elections.audit import audit_record
from elections.refusals import Conflict, Refusal, Unprocessable

log = logging.getLogger(__name__)


def comparison_refusal(count: Count) -> Refusal | None:
    """Why the rules cannot be compared on this count's ballots now (None: they can)."""
    if not count.ballot_set_id:
        return Unprocessable(
            "A scrutineer's return holds only totals: the rules can be compared only on ballot papers.",
            code="no_papers",
        )
    if count.ballot_set.is_discarded:
        return Conflict(
            f"{count.ballot_set.label} was discarded ({count.ballot_set.discard_reason}); its ballots are kept "
            "for the record and no longer counted or compared.",
            code="discarded",
        )
    return None


def rules_for(count: Count) -> list[str]:
    """The section's own rule first (the others are compared with it), then the rest."""
    own = count.method if count.method in sensitivity.RULES else "ers97"
    return [own, *(m for m in sensitivity.RULES if m != own)]


def comparison_request(*, user, count: Count, inline: bool = False) -> RuleComparison:
    require_manage(user, count.section, "compare the counting rules")
    refusal = comparison_refusal(count)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        comparison = RuleComparison.objects.create(
            section=count.section, ballot_set=count.ballot_set, count=count, input_sha256=count.input_sha256,
            methods=rules_for(count), seats=count.seats, min_women=count.min_women, women=count.women,
            withdrawn=count.withdrawn, seed=count.seed, engine_version=ENGINE_VERSION, run_by=user,
            progress_text="Queued: waiting for the count worker",
        )  # fmt: skip
        audit_record(
            actor=user, action="comparison.requested", section=count.section, obj=comparison,
            details={"count": count.pk, "methods": comparison.methods, "input_sha256": comparison.input_sha256},
        )  # fmt: skip
        queued = run_comparison_task.using(backend="inline") if inline else run_comparison_task
        result = queued.enqueue(comparison_id=comparison.pk)
        RuleComparison.objects.filter(pk=comparison.pk).update(task_id=str(result.id))
    comparison.refresh_from_db()
    return comparison


@task(queue_name=COUNT_QUEUE)
def run_comparison_task(comparison_id: int) -> str:
    comparison = comparison_run(comparison_id=comparison_id)
    return comparison.status if comparison else "skipped"


def comparison_run(*, comparison_id: int) -> RuleComparison | None:
    """Run a queued comparison to the end; None if it was not queued (already taken or done)."""
    now = timezone.now()
    claimed = RuleComparison.objects.filter(pk=comparison_id, status=Count.Status.QUEUED).update(
        status=Count.Status.RUNNING, started_at=now, progress=5, progress_text="Reading the ballot file"
    )
    if not claimed:
        return None
    comparison = RuleComparison.objects.select_related("count__ballot_set", "count__section").get(pk=comparison_id)
    try:
        text = _compute(comparison)
    except (CountError, ballotfiles.BltError, ValueError, OSError) as exc:
        return _finish(comparison, error=str(exc))
    except Exception as exc:  # recorded on the comparison, never left "running"
        log.exception("rule comparison %s failed", comparison_id)
        return _finish(comparison, error=f"Internal error: {type(exc).__name__}: {exc}")
    return _finish(comparison, text=text)


def _compute(comparison: RuleComparison) -> str:
    election = counted_election(comparison.count)
    options = dataclasses.replace(_count_options(comparison.count), seats=comparison.seats)
    RuleComparison.objects.filter(pk=comparison.pk).update(
        progress=40, progress_text=f"Counting {election.total_ballots:,} ballots under {len(comparison.methods)} rules"
    )
    processes = int(getattr(settings, "RESULTS_COMPARISON_PROCESSES", 2))
    if processes > 1 and not transaction.get_connection().in_atomic_block:
        with ProcessPoolExecutor(max_workers=processes) as pool:
            summary, results = sensitivity.compare(election, options, comparison.methods, comparison.methods[0], pool)
    else:
        summary, results = sensitivity.compare(election, options, comparison.methods, comparison.methods[0])
    return resultdata.canonical({"comparison": dataclasses.asdict(summary), "results": results})


def _finish(comparison: RuleComparison, *, text: str = "", error: str = "") -> RuleComparison:
    with transaction.atomic():
        now = timezone.now()
        done = {"status": Count.Status.DONE, "result_json": text, "result_sha256": resultdata.sha256_text(text)}
        failed = {"status": Count.Status.FAILED, "error": error}
        RuleComparison.objects.filter(pk=comparison.pk).update(
            progress=100, progress_text="Done" if text else "Failed", finished_at=now, **(done if text else failed)
        )
        comparison.refresh_from_db()
        details = {"result_sha256": comparison.result_sha256} if text else {"error": error}
        audit_record(
            actor=comparison.run_by, action="comparison.done" if text else "comparison.failed",
            section=comparison.section, obj=comparison, details=details,
        )  # fmt: skip
    return comparison


def comparison_data(comparison: RuleComparison) -> dict:
    return json.loads(comparison.result_json) if comparison.result_json else {}
