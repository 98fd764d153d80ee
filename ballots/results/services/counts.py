"""Counts: requested with their inputs fixed, queued, run by a worker, stored with their result.

Counts go through Django's tasks framework (``django_tasks``): ``count_request`` queues
``run_count_task`` in the same transaction that stores the count, so a count is never stored
without its task (the database backend keeps both in one database) and survives a restart of
every process. A worker (``manage.py count_worker``) runs the task; ``inline=True`` runs it in the
caller (the command line and the demo). The task is defined here, beside the run it calls, so
nothing imports back into this module.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from ballots.counting import methods as engine_methods
from ballots.counting.model import CountError, CountOptions, Totals
from ballots.counting.version import ENGINE_VERSION
from ballots.results import ballotfiles, resultdata
from ballots.results.live import PROGRESS, count_stream, progress_of
from ballots.results.models import BallotReturn, BallotSet, Count
from ballots.results.permissions import require_manage
from ballots.results.services.ballot_sets import ballot_set_election
from ballots.results.services.declaration import declared_refusal
from ballots.results.services.returns import return_hash
from elections import live
from elections.audit import audit_record
from elections.models import Candidate, Gender, Section
from elections.refusals import Conflict, Refusal

log = logging.getLogger(__name__)
COUNT_QUEUE = "counts"


def count_request(
    *,
    user,
    ballot_set: BallotSet | None = None,
    ballot_return: BallotReturn | None = None,
    method: str | None = None,
    seats: int | None = None,
    min_women: int | None = None,
    seed: int = 0,
    recount_of: Count | None = None,
    reason: str = "",
    inline: bool = False,
) -> Count:
    """Store and queue a count (defaults from the section); a worker runs it, or the caller with
    ``inline=True``."""
    require_manage(user, (ballot_set or ballot_return).section, "run a count")
    with transaction.atomic():
        # The section row is locked, and it and the ballots read afresh, so a declaration, a discard
        # or a change of the ballot's dates cannot slip in between the checks and the count.
        section = (
            Section.objects.select_for_update(of=("self",))
            .select_related("election")
            .get(pk=(ballot_set or ballot_return).section_id)
        )
        source = type(ballot_set or ballot_return).objects.get(pk=(ballot_set or ballot_return).pk)
        source.section = section
        refusals = count_refusals(source, recount_of=recount_of)
        if refusals:
            raise refusals[0]
        count = _new_count(source, section, user, method, seats, min_women, seed, recount_of, reason)
        count.full_clean()
        count.save()
        action = "count.recount_requested" if recount_of else "count.requested"
        audit_record(actor=user, action=action, section=section, obj=count, details=_count_inputs(count))
        count_enqueue(count=count, inline=inline)
    return count


def _new_count(source, section, user, method, seats, min_women, seed, recount_of, reason) -> Count:
    """The count's inputs fixed from the request and the section's defaults (checked, not saved)."""
    is_return = isinstance(source, BallotReturn)
    method = method or (source.method if is_return else section.counting_method)
    _check_method(method, source if is_return else None)
    names, women, withdrawn = _candidates_of(source)
    count = Count(
        section=section, ballot_set=None if is_return else source, ballot_return=source if is_return else None,
        input_sha256=return_hash(source) if is_return else source.sha256,
        method=method, seats=section.seats if seats is None else seats,
        min_women=section.min_women if min_women is None else min_women, women=women, withdrawn=withdrawn,
        seed=seed, zero_vote_places=section.zero_vote_places, engine_version=ENGINE_VERSION, recount_of=recount_of,
        reason=reason.strip(), run_by=user,
        progress_text="Queued: waiting for the count worker", is_trial=timezone.now() < section.ballot_closes,
    )  # fmt: skip
    _check_count_figures(count, len(names))
    return count


def count_refusals(source, *, recount_of: Count | None = None) -> list[Refusal]:
    """Why these ballots (a ballot set or return) cannot be counted now; empty when they can."""
    refusals = []
    declared = declared_refusal(source.section, recount_of=recount_of)
    if declared is not None:
        refusals.append(declared)
    if source.is_discarded:  # kept for the record, never counted again
        when = timezone.localtime(source.discarded_at)
        refusals.append(
            Conflict(
                f"{source.label} was discarded at {when:%H:%M} on {when.day} {when:%B %Y} ({source.discard_reason}); "
                "it cannot be counted.",
                code="discarded",
            )
        )
    return refusals


def count_rerun(*, user, count: Count, inline: bool = False) -> Count:
    """A failed count run again: a new count with the same inputs (a recount stays a recount)."""
    require_manage(user, count.section, "run a count")
    if count.status != Count.Status.FAILED:
        raise Conflict(
            f"Count {count.pk} has not failed: only a failed count is run again. To count the same ballots "
            "again, order a recount with a reason.",
            code="not_failed",
        )
    return count_request(
        user=user, ballot_set=count.ballot_set, ballot_return=count.ballot_return, method=count.method,
        seats=count.seats, min_women=count.min_women, seed=count.seed, recount_of=count.recount_of,
        reason=count.reason, inline=inline,
    )  # fmt: skip


def count_enqueue(*, count: Count, inline: bool = False) -> None:
    """Queue the count's current run (``count.attempts``). Call inside the transaction that
    stored or re-queued it, so the count and its task are committed together."""
    queued = run_count_task.using(backend="inline") if inline else run_count_task
    result = queued.enqueue(count_id=count.pk, attempt=count.attempts)
    Count.objects.filter(pk=count.pk).update(task_id=str(result.id))


def _check_method(method: str, ballot_return) -> None:
    if ballot_return is not None and method != ballot_return.method:
        raise ValidationError(
            {"method": f"A scrutineer's return is tallied by its own method ({ballot_return.method})."}
        )
    if ballot_return is None and method not in engine_methods.method_names():
        raise ValidationError({"method": f"Unknown counting method {method!r}."})


def _check_count_figures(count: Count, ncand: int) -> None:
    errors = {}
    if count.seats < 1:
        errors["seats"] = "At least one seat must be filled."
    elif count.seats >= ncand:
        errors["seats"] = f"{count.seats} seats for {ncand} candidates: there must be more candidates than seats."
    if count.min_women > count.seats:
        errors["min_women"] = (
            f"The minimum number of women ({count.min_women}) cannot exceed the seats ({count.seats})."
        )
    elif count.min_women > len(count.women):
        errors["min_women"] = f"Only {len(count.women)} candidates are women; the minimum cannot be {count.min_women}."
    if errors:
        raise ValidationError(errors)


def _candidates_of(source) -> tuple[list[str], list[str], list[str]]:
    """(names in file order, women, withdrawn on the platform) for a ballot set or return."""
    rows = source.candidate_map if isinstance(source, BallotSet) else [[r[0], r[0], r[1]] for r in source.votes]
    ids = [row[1] for row in rows]
    people = Candidate.objects.in_bulk(ids)
    names = [row[2] for row in rows]
    women = sorted(people[i].display_name for i in ids if i in people and people[i].gender == Gender.WOMAN)
    withdrawn = sorted(people[i].display_name for i in ids if i in people and people[i].withdrawn)
    return names, women, withdrawn


def _count_inputs(count: Count) -> dict:
    return {
        "input_sha256": count.input_sha256, "method": count.method, "seats": count.seats,
        "min_women": count.min_women, "seed": count.seed, "zero_vote_places": count.zero_vote_places,
        "engine_version": count.engine_version,
        "recount_of": count.recount_of_id, "reason": count.reason,
    }  # fmt: skip


def _set_progress(count_id: int, percent: int, text: str, **more) -> None:
    """Record progress, then tell the count's live page (ballots/results/live.py).

    The event is published just after the row's update, in the caller's transaction when there is
    one (the outcome in ``_finish``), so it is sent only once that commits; otherwise in its own.
    """
    Count.objects.filter(pk=count_id).update(progress=percent, progress_text=text, **more)
    count = Count.objects.only("status", "progress", "progress_text").get(pk=count_id)
    with transaction.atomic():
        live.publish(count_stream(count_id), PROGRESS, progress_of(count))


@task(queue_name=COUNT_QUEUE)
def run_count_task(count_id: int, attempt: int = 1) -> str:
    """The queued work: run one count (its ``attempt``-th run); returns the count's status."""
    count = count_run(count_id=count_id, attempt=attempt)
    return count.status if count else "skipped"


def count_run(*, count_id: int, attempt: int = 1) -> Count | None:
    """Run a queued count to the end, recording progress, the result or the error.

    Returns None, doing nothing, when this run is no longer the count's current one (a stale task
    of a count that was queued again, or a count already finished).
    """
    now = timezone.now()
    claimed = Count.objects.filter(pk=count_id, attempts=attempt, status=Count.Status.QUEUED).update(
        status=Count.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return None
    _set_progress(count_id, 5, "Reading the ballot file")
    count = Count.objects.select_related("ballot_set", "ballot_return", "section").get(pk=count_id)
    try:
        with _running(count_id, attempt):
            result = _compute(count)
    except (CountError, ballotfiles.BltError, ValueError, OSError) as exc:
        return _finish(count, attempt, error=str(exc))
    except Exception as exc:  # anything else is recorded on the count too, never left "running"
        log.exception("count %s failed", count_id)
        return _finish(count, attempt, error=f"Internal error: {type(exc).__name__}: {exc}")
    return _finish(count, attempt, result=result)


def _finish(count: Count, attempt: int, *, result=None, error: str = "") -> Count | None:
    """Record the outcome, if this run still owns the count (checked under the row lock)."""
    with transaction.atomic():
        owned = Count.objects.select_for_update().filter(pk=count.pk, attempts=attempt, status=Count.Status.RUNNING)
        if owned.first() is None:
            return None
        now = timezone.now()
        if result is None:
            _set_progress(count.pk, 100, "Failed", status=Count.Status.FAILED, error=error, finished_at=now)
            action, details = "count.failed", {"error": error}
        else:
            text = resultdata.result_to_json(result)
            _set_progress(
                count.pk, 100, "Done", status=Count.Status.DONE, result_json=text,
                result_sha256=resultdata.sha256_text(text), result_flows_json=resultdata.result_flows_to_json(result),
                elected=list(result.elected), finished_at=now,
            )  # fmt: skip
            action, details = "count.done", {"elected": list(result.elected)}
        count.refresh_from_db()
        if count.result_sha256:
            details["result_sha256"] = count.result_sha256
        audit_record(actor=count.run_by, action=action, section=count.section, obj=count, details=details)
    return count


def heartbeat_seconds() -> float:
    """How often a running count says it is alive: well inside the limit after which it is
    taken for lost."""
    return min(5.0, settings.RESULTS_COUNT_STALE_SECONDS / 4)


@contextlib.contextmanager
def _running(count_id: int, attempt: int):
    """While the engine counts: in a worker, write the count's heartbeat from a thread; inside the
    caller's transaction (the immediate backend), a savepoint instead, so a failure can still be
    recorded in that transaction (and nothing outside it could lose the count anyway)."""
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_seconds()):
                Count.objects.filter(pk=count_id, attempts=attempt, status=Count.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"count-{count_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _compute(count: Count):
    if count.ballot_return_id:
        return _tally(count)
    election = counted_election(count, report_progress=True)
    _set_progress(count.pk, 50, f"Counting {election.total_ballots:,} ballots by {count.method}")
    return engine_methods.count(election, count.method, _count_options(count))


def count_worked_again(count: Count):
    """The engine's result for a count's stored inputs, worked again: nothing is written and no
    progress is reported (the analysis of a count stored before its flows were kept)."""
    if count.ballot_return_id:
        return _tally(count)
    return engine_methods.count(counted_election(count), count.method, _count_options(count))


def _count_options(count: Count) -> CountOptions:
    """The engine's options, from the inputs stored on the count (the section's zero-vote rule
    among them, stored when the count was made: a setting frozen while ballots are loaded)."""
    return CountOptions(
        seats=count.seats, min_women=count.min_women, women=frozenset(count.women), seed=count.seed,
        zero_vote_places=count.zero_vote_places,
    )  # fmt: skip


def counted_election(count: Count, *, report_progress: bool = False):
    """The ballots as counted: the stored file with the platform's names and withdrawals applied
    (also what the analysis, the rule comparison and the verification kit read). Only the count's
    own run reports reading progress: a finished count's progress is never written again."""
    progress = _reading_progress(count) if report_progress else None
    election = ballot_set_election(count.ballot_set, count.seats, progress=progress)
    withdrawn = election.withdrawn | {i for i, n in enumerate(election.candidates) if n in set(count.withdrawn)}
    return dataclasses.replace(election, withdrawn=frozenset(withdrawn))


def _reading_progress(count: Count):
    """Progress from 5% to 45% while the stored file is read, written at most twice a second."""
    size = max(count.ballot_set.size_bytes, 1)
    last = [0.0]

    def report(done: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5:
            last[0] = now
            _set_progress(count.pk, 5 + int(40 * min(done / size, 1)), f"Reading the ballot file ({done / size:.0%})")

    return report


def _tally(count: Count):
    """A scrutineer's return, counted by the engine from its totals: the same tally, lot and
    gender rule as the method's count of ballot papers."""
    ret = count.ballot_return
    totals = Totals(
        title=str(count.section), candidates=tuple(row[1] for row in ret.votes), seats=count.seats,
        votes=tuple(row[2] for row in ret.votes), valid_papers=ret.ballots_valid, invalid_papers=ret.ballots_spoilt,
        input_sha256=count.input_sha256,
    )  # fmt: skip
    return engine_methods.count_totals(totals, count.method, _count_options(count))
