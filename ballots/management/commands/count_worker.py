"""The background worker for counts: ``python manage.py count_worker``.

Runs the task queue's database worker (``django_tasks_db``'s ``db_worker``) on the queues counts
use, and beside it, when it starts and then every few seconds, the recovery of counts whose
worker stopped mid-count (``count_recover_interrupted``). Run one or more on each machine that
runs counts; stop one with SIGTERM (it finishes the count it is running first).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ballots.results import services

log = logging.getLogger(__name__)
QUEUES = "default,counts"


class Command(BaseCommand):
    help = "Run queued counts (and recover counts whose worker stopped). Needs TASKS_BACKEND=database."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, **opts):
        if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
            raise CommandError("TASKS_BACKEND is not 'database': counts run in the caller, and no worker is needed.")
        recovered = services.count_recover_interrupted()
        for count in recovered:
            self.stdout.write(f"Count {count.pk} of {count.section}: {count.progress_text}.")
        stop = threading.Event()
        thread = threading.Thread(target=_keep_recovering, args=(stop,), name="count-recovery", daemon=True)
        thread.start()
        try:
            call_command(
                "db_worker", queue_name=QUEUES, interval=opts["interval"], batch=opts["batch"], reload=False,
                startup_delay=False, verbosity=opts["verbosity"], stdout=self.stdout, stderr=self.stderr,
            )  # fmt: skip
        finally:
            stop.set()


def _keep_recovering(stop: threading.Event) -> None:
    """Recover lost counts every half stale period, so a count lost by another worker is picked up
    without waiting for this one to restart."""
    period = max(settings.RESULTS_COUNT_STALE_SECONDS / 2, 0.5)
    while not stop.wait(period):
        try:
            services.count_recover_interrupted()
        except Exception:  # a passing database error must not stop the recovery thread
            log.exception("recovering interrupted counts failed; trying again in %s s", period)
        finally:
            connection.close()
