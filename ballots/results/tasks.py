"""Running counts off the request: a background thread per count, or inline when configured.

A count of a million ballots takes seconds, not minutes, so a thread in the web process is
enough; the Count row carries status and progress, so the page can poll it and a failure is
recorded, never lost. ``RESULTS_RUN_COUNTS_INLINE = True`` runs counts in the caller (tests, and
installations that prefer it).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection, transaction

log = logging.getLogger(__name__)


def start_count(count_id: int) -> None:
    if getattr(settings, "RESULTS_RUN_COUNTS_INLINE", False):
        from ballots.results.services import count_run

        count_run(count_id=count_id)
        return
    transaction.on_commit(lambda: _spawn(count_id))


def _spawn(count_id: int) -> threading.Thread:
    thread = threading.Thread(target=_run, args=(count_id,), name=f"count-{count_id}", daemon=True)
    thread.start()
    return thread


def _run(count_id: int) -> None:
    from ballots.results.models import Count
    from ballots.results.services import count_run

    try:
        count_run(count_id=count_id)
    except Exception as exc:  # recorded on the row so the page shows it, and logged with its trace
        log.exception("count %s failed", count_id)
        Count.objects.filter(pk=count_id).update(
            status=Count.Status.FAILED, progress=100, error=f"Internal error: {exc}"
        )
    finally:
        connection.close()
