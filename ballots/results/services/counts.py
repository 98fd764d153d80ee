"""Counts: requested with their inputs fixed, run off the request, stored with their result."""

from __future__ import annotations

import dataclasses
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ballots.counting import methods as engine_methods
from ballots.counting.model import CountError, CountOptions
from ballots.counting.version import ENGINE_VERSION
from ballots.results import arithmetic, ballotfiles, resultdata
from ballots.results.live import PROGRESS, count_stream, progress_of
from ballots.results.models import BallotReturn, BallotSet, Count
from ballots.results.permissions import require_manage
from ballots.results.services.audit import audit_record
from ballots.results.services.ballot_sets import ballot_set_election
from ballots.results.services.declaration import require_not_declared
from ballots.results.services.returns import return_hash
from elections import live
from elections.models import Candidate, Gender


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
) -> Count:
    """Queue a count (defaults from the section) and start it; it runs off the request."""
    source = ballot_set or ballot_return
    section = source.section
    require_manage(user, section, "run a count")
    require_not_declared(section)
    method = method or (ballot_return.method if ballot_return else section.counting_method)
    _check_method(method, ballot_return)
    names, women, withdrawn = _candidates_of(source)
    count = Count(
        section=section, ballot_set=ballot_set, ballot_return=ballot_return,
        input_sha256=ballot_set.sha256 if ballot_set else return_hash(ballot_return),
        method=method, seats=section.seats if seats is None else seats,
        min_women=section.min_women if min_women is None else min_women, women=women, withdrawn=withdrawn,
        seed=seed, engine_version=ENGINE_VERSION, recount_of=recount_of, reason=reason.strip(), run_by=user,
        progress_text="Waiting to start",
    )  # fmt: skip
    _check_count_figures(count, len(names))
    with transaction.atomic():
        count.full_clean()
        count.save()
        action = "count.recount_requested" if recount_of else "count.requested"
        audit_record(actor=user, action=action, section=section, obj=count, details=_count_inputs(count))
    from ballots.results import tasks

    tasks.start_count(count.pk)
    return count


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
        "min_women": count.min_women, "seed": count.seed, "engine_version": count.engine_version,
        "recount_of": count.recount_of_id, "reason": count.reason,
    }  # fmt: skip


def _set_progress(count_id: int, percent: int, text: str, **more) -> None:
    """Record progress, then tell the count's live page (ballots/results/live.py).

    The row is updated on its own (as before) and the event published in a transaction of its
    own just after, so the count's row is never held locked while the event is written.
    """
    Count.objects.filter(pk=count_id).update(progress=percent, progress_text=text, **more)
    count = Count.objects.only("status", "progress", "progress_text").get(pk=count_id)
    with transaction.atomic():
        live.publish(count_stream(count_id), PROGRESS, progress_of(count))


def count_run(*, count_id: int) -> Count:
    """Run a queued count to the end, recording progress, the result or the error."""
    _set_progress(count_id, 5, "Reading the ballot file", status=Count.Status.RUNNING, started_at=timezone.now())
    count = Count.objects.select_related("ballot_set", "ballot_return", "section").get(pk=count_id)
    try:
        result = _compute(count)
    except (CountError, ballotfiles.BltError, ValueError, OSError) as exc:
        _set_progress(count_id, 100, "Failed", status=Count.Status.FAILED, error=str(exc), finished_at=timezone.now())
        audit_record(
            actor=count.run_by, action="count.failed", section=count.section, obj=count, details={"error": str(exc)}
        )
        return Count.objects.get(pk=count_id)
    text = resultdata.result_to_json(result)
    _set_progress(
        count_id, 100, "Done", status=Count.Status.DONE, result_json=text, result_sha256=resultdata.sha256_text(text),
        elected=list(result.elected), finished_at=timezone.now(),
    )  # fmt: skip
    count.refresh_from_db()
    audit_record(
        actor=count.run_by, action="count.done", section=count.section, obj=count,
        details={"elected": list(result.elected), "result_sha256": count.result_sha256},
    )  # fmt: skip
    return count


def _compute(count: Count):
    if count.ballot_return_id:
        return _tally(count)
    election = _stored_election(count)
    _set_progress(count.pk, 50, f"Counting {election.total_ballots:,} ballots by {count.method}")
    options = CountOptions(seats=count.seats, min_women=count.min_women, women=frozenset(count.women), seed=count.seed)
    return engine_methods.count(election, count.method, options)


def _stored_election(count: Count):
    """The stored ballots with the platform's names and the platform's withdrawals applied."""
    election = ballot_set_election(count.ballot_set, count.seats, progress=_reading_progress(count))
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
    ret = count.ballot_return
    names = [row[1] for row in ret.votes]
    return arithmetic.tally_return(
        title=str(count.section), names=names, votes={row[1]: row[2] for row in ret.votes}, seats=count.seats,
        min_women=count.min_women, women=set(count.women), seed=count.seed, method=count.method,
        input_sha256=count.input_sha256,
    )  # fmt: skip
