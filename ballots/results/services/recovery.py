"""Counts whose worker stopped mid-count: queued again, or failed after too many tries.

A worker process can be killed at any moment (a deploy, the out-of-memory killer, a power cut).
The count it was running keeps status "running", and its heartbeat stops. Every worker runs
``count_recover_interrupted`` when it starts and then every few seconds: a running count whose
heartbeat is older than ``RESULTS_COUNT_STALE_SECONDS`` is queued again as its next attempt
(counts are deterministic, so a second run gives the same result byte for byte), up to
``MAX_COUNT_ATTEMPTS`` runs; then it is marked failed with the reason, and can be run again by
hand. A queued count whose task has gone from the queue is queued again the same way. Each step
is in the audit log and on the result sheet.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus

from ballots.results.models import MAX_COUNT_ATTEMPTS, Count
from ballots.results.services.counts import _set_progress, count_enqueue
from elections.audit import audit_record


class WorkerLost(Exception):
    """Recorded on the task queue's own row for a task whose worker stopped while running it."""


def count_recover_interrupted(*, now=None) -> list[Count]:
    """Queue again (or fail) every count whose worker has stopped; returns the counts changed."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.RESULTS_COUNT_STALE_SECONDS)
    silent = Q(status=Count.Status.RUNNING) & (
        Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True, created_at__lt=stale_before)
    )
    candidates = list(Count.objects.filter(silent).values_list("pk", flat=True))
    candidates += _queued_without_a_task(stale_before)
    changed = []
    for pk in candidates:
        count = _recover_one(pk, stale_before, now)
        if count is not None:
            changed.append(count)
    return changed


def _recover_one(pk: int, stale_before, now) -> Count | None:
    with transaction.atomic():
        count = (
            Count.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("section")
            .filter(pk=pk)
            .first()
        )
        if count is None or not _still_lost(count, stale_before):
            return None  # another worker got there first, or the count came back to life
        _task_lost(count.task_id)
        when = timezone.localtime(count.heartbeat_at or count.created_at)
        if count.attempts >= MAX_COUNT_ATTEMPTS:
            error = (
                f"The count was interrupted {count.attempts} times when the worker running it stopped "
                f"(last at {when:%H:%M:%S}); run it again from the ballot set's page."
            )
            _set_progress(count.pk, 100, "Failed", status=Count.Status.FAILED, error=error, finished_at=now)
            audit_record(actor=None, action="count.failed", section=count.section, obj=count, details={"error": error})
        else:
            attempt = count.attempts + 1
            text = (
                f"Queued again: the worker stopped at {when:%H:%M:%S} (run {attempt} of at most {MAX_COUNT_ATTEMPTS})"
            )
            Count.objects.filter(pk=count.pk).update(attempts=attempt, heartbeat_at=now, started_at=None)
            _set_progress(count.pk, 0, text, status=Count.Status.QUEUED)
            count.attempts = attempt
            count_enqueue(count=count)
            audit_record(
                actor=None, action="count.requeued", section=count.section, obj=count,
                details={"attempt": attempt, "worker_last_seen": (count.heartbeat_at or count.created_at).isoformat()},
            )  # fmt: skip
        count.refresh_from_db()
        return count


def _still_lost(count: Count, stale_before) -> bool:
    seen = count.heartbeat_at or count.created_at
    if count.status == Count.Status.RUNNING:
        return seen < stale_before
    return count.status == Count.Status.QUEUED and seen < stale_before and not _task_waiting(count.task_id)


def _queued_without_a_task(stale_before) -> list[int]:
    queued = Count.objects.filter(status=Count.Status.QUEUED).filter(
        Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True, created_at__lt=stale_before)
    )
    return [pk for pk, task_id in queued.values_list("pk", "task_id") if not _task_waiting(task_id)]


def _uses_the_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def _task_waiting(task_id: str) -> bool:
    """Whether the queue still holds this task, waiting or running (only the database queue can
    say; a count on any other backend is never taken for lost this way)."""
    if not _uses_the_database_queue():
        return True
    from django_tasks_db.models import DBTaskResult

    if not task_id:
        return False
    return DBTaskResult.objects.filter(
        id=task_id, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).exists()


def _task_lost(task_id: str) -> None:
    """Close the task's own row too, so the queue does not show it running for ever."""
    if not task_id or not _uses_the_database_queue():
        return
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).first()
    if row is not None:
        row.set_failed(WorkerLost("the worker running this task stopped"))
