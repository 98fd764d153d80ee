"""Counts on the task queue: queued in the database with their count, run by the worker, queued
again (or failed) when the worker running them stopped, and run again by hand when they failed."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ballots.results import services
from ballots.results.models import MAX_COUNT_ATTEMPTS, Count
from elections.models import AuditEntry
from tests.conftest import ROOT

DATABASE_QUEUE = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "counts"]}
IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "counts"]}


@pytest.fixture
def database_queue(settings, monkeypatch):
    """The production arrangement: counts wait in the database for a worker. (The worker run in
    this process keeps the test's connection: between tasks it would close "old" connections, and
    with them the test's transaction. tests/ballots/results/test_worker_killed.py runs real ones.)"""
    settings.TASKS = {"default": DATABASE_QUEUE, "inline": IMMEDIATE}
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def test_a_requested_count_waits_in_the_queue_with_its_task_until_a_worker_runs_it(database_queue, ballot_set, rita):
    count = services.count_request(user=rita, ballot_set=ballot_set, seed=7)
    count.refresh_from_db()
    assert count.status == "queued" and count.progress_text == "Queued: waiting for the count worker"
    task = DBTaskResult.objects.get(id=count.task_id)
    assert task.status == "READY" and task.args_kwargs["kwargs"] == {"count_id": count.pk, "attempt": 1}
    assert task.queue_name == "counts"

    call_command("count_worker", "--batch", stdout=io.StringIO())

    count.refresh_from_db()
    assert count.status == "done" and count.progress == 100 and len(count.elected) == 2
    assert DBTaskResult.objects.get(id=count.task_id).status == "SUCCESSFUL"


def test_the_command_line_counts_in_its_own_process_without_a_worker(database_queue, ballot_set, rita):
    call_command("count_ballots", str(ballot_set.pk), "--user", "rita", stdout=io.StringIO())
    count = Count.objects.get()
    assert count.status == "done" and not DBTaskResult.objects.exists()


def test_the_worker_refuses_to_start_when_counts_run_in_the_caller():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no worker is needed"):
        call_command("count_worker", "--batch", stdout=io.StringIO())


def _lost(count, seconds_ago=600, attempts=1):
    """As a count is left when the worker running it was killed: running, its heartbeat old."""
    then = timezone.now() - dt.timedelta(seconds=seconds_ago)
    Count.objects.filter(pk=count.pk).update(
        status="running", progress=50, progress_text="Counting", heartbeat_at=then, attempts=attempts,
        result_json="", result_sha256="", elected=[],
    )  # fmt: skip
    count.refresh_from_db()
    return count


def test_a_count_whose_worker_stopped_is_queued_again_as_its_next_run(database_queue, count, rita):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"count_id": count.pk, "attempt": 1}}, task_path="x.y",
        queue_name="counts", backend_name="default", run_after=timezone.now(), status="RUNNING",
    )  # fmt: skip
    Count.objects.filter(pk=count.pk).update(task_id=str(task.id))
    _lost(count)

    (recovered,) = services.count_recover_interrupted()

    assert recovered.pk == count.pk and recovered.status == "queued" and recovered.attempts == 2
    assert recovered.progress_text.startswith("Queued again: the worker stopped at ")
    assert recovered.progress_text.endswith("(run 2 of at most 3)")
    task.refresh_from_db()
    assert task.status == "FAILED" and "WorkerLost" in task.exception_class_path  # not "running" for ever
    new_task = DBTaskResult.objects.get(id=recovered.task_id)
    assert new_task.status == "READY" and new_task.args_kwargs["kwargs"] == {"count_id": count.pk, "attempt": 2}
    entry = AuditEntry.objects.filter(action="count.requeued").get()
    assert entry.object_id == count.pk and entry.details["attempt"] == 2

    call_command("count_worker", "--batch", stdout=io.StringIO())
    count.refresh_from_db()
    assert count.status == "done" and count.attempts == 2 and len(count.elected) == 2


def test_a_stale_task_of_a_count_queued_again_does_nothing(count):
    _lost(count, attempts=2)
    Count.objects.filter(pk=count.pk).update(status="queued")
    assert services.count_run(count_id=count.pk, attempt=1) is None  # the first run's late task
    count.refresh_from_db()
    assert count.status == "queued" and count.attempts == 2


def test_a_count_interrupted_too_often_fails_with_the_reason_and_can_be_run_again(count, rita, client_for):
    _lost(count, attempts=MAX_COUNT_ATTEMPTS)
    (failed,) = services.count_recover_interrupted()
    assert failed.status == "failed"
    assert failed.error.startswith("The count was interrupted 3 times when the worker running it stopped")
    assert failed.error.endswith("run it again from the ballot set's page.")

    page = client_for(rita).get(failed.get_absolute_url()).content.decode()
    assert "The count failed: The count was interrupted 3 times" in page and "Run this count again" in page

    response = client_for(rita).post(reverse("results:count_rerun", args=[failed.pk]))
    again = Count.objects.exclude(pk=failed.pk).get()
    assert response.status_code == 302 and response["Location"] == again.get_absolute_url()
    assert again.status == "done" and (again.method, again.seats, again.min_women, again.seed) == (
        count.method,
        count.seats,
        count.min_women,
        count.seed,
    )


def test_a_live_worker_keeps_its_count(count):
    _lost(count, seconds_ago=1)
    assert services.count_recover_interrupted() == []
    count.refresh_from_db()
    assert count.status == "running" and count.attempts == 1


def test_a_queued_count_whose_task_has_gone_is_queued_again(database_queue, ballot_set, rita):
    count = services.count_request(user=rita, ballot_set=ballot_set)
    DBTaskResult.objects.all().delete()
    Count.objects.filter(pk=count.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    (recovered,) = services.count_recover_interrupted()
    assert recovered.attempts == 2 and DBTaskResult.objects.get(id=recovered.task_id).status == "READY"


def test_a_queued_count_with_its_task_waiting_is_left_alone(database_queue, ballot_set, rita):
    count = services.count_request(user=rita, ballot_set=ballot_set)
    Count.objects.filter(pk=count.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert services.count_recover_interrupted() == []


def test_the_sheet_says_when_the_worker_stopped_and_does_not_refresh_for_ever(count, rita, client_for):
    _lost(count)
    page = client_for(rita).get(count.get_absolute_url()).content.decode()
    assert "The worker running this count has not been heard from since" in page
    assert 'http-equiv="refresh"' not in page


def test_the_sheet_says_when_no_worker_is_taking_counts(database_queue, ballot_set, rita, client_for):
    count = services.count_request(user=rita, ballot_set=ballot_set)
    assert 'http-equiv="refresh"' in client_for(rita).get(count.get_absolute_url()).content.decode()
    Count.objects.filter(pk=count.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    page = client_for(rita).get(count.get_absolute_url()).content.decode()
    assert "No count worker has taken this count since" in page and "python manage.py count_worker" in page
    assert 'http-equiv="refresh"' not in page


def test_the_sheet_of_a_count_run_again_after_a_stop_says_so(count, rita, client_for):
    Count.objects.filter(pk=count.pk).update(attempts=2)
    page = client_for(rita).get(count.get_absolute_url()).content.decode()
    assert "The worker running this count stopped once before it finished" in page and "(this is run 2)" in page


def test_only_a_failed_count_is_run_again_on_the_page_and_in_the_api(count, rita, client_for):
    message = (
        f"Count {count.pk} has not failed: only a failed count is run again. To count the same ballots again, "
        "order a recount with a reason."
    )
    client = client_for(rita)
    response = client.post(reverse("results:count_rerun", args=[count.pk]))
    assert response.status_code == 409 and message in response.content.decode()
    response = client.post(f"/api/results/counts/{count.pk}/rerun/")
    assert response.status_code == 409 and response.json() == {"detail": message, "errors": {}}
    assert Count.objects.count() == 1


def test_only_returning_officers_run_a_failed_count_again(count, alice, client_for):
    Count.objects.filter(pk=count.pk).update(status="failed")
    assert client_for(alice).post(f"/api/results/counts/{count.pk}/rerun/").status_code == 403
    assert Count.objects.count() == 1


def test_production_code_does_not_reach_for_the_test_utilities():
    """``django.test`` is for tests: the command line and the demo choose the inline backend instead."""
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("ballots", "elections", "hustings", "config")
        for path in Path(ROOT, app).rglob("*.py")
        if "django.test" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
