"""A count worker killed mid-count (SIGKILL, as a deploy or the out-of-memory killer would): the
count is left "running"; the next worker queues it again and finishes it.

Real processes on a real (SQLite file) database, like production: ``migrate``, the setup through
the services, and two ``manage.py count_worker`` processes. To catch the worker mid-count without
relying on timing, the stored ballot file is swapped for a named pipe: the worker blocks reading
it (its heartbeat still beating) until the test kills it.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SETUP = """
import datetime as dt, io, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from ballots.results import services
from elections.models import CLP, Candidate, Election, Section
now = timezone.now()
ro = get_user_model().objects.create_user("rita", password="x")
election = Election.objects.create(name="NEC 2026", slug="nec-2026")
election.returning_officers.add(ro)
section = Section.objects.create(
    election=election, name="CLP section", slug="clp", seats=2, min_women=0, freeze_date=dt.date(2026, 1, 1),
    nomination_opens=now - dt.timedelta(days=30), nomination_closes=now - dt.timedelta(days=20),
    ballot_opens=now - dt.timedelta(days=10), ballot_closes=now - dt.timedelta(days=1),
)
clp = CLP.objects.create(name="Hackney", slug="hackney", region="london")
names = ["Ann Able", "Bob Baker", "Cat Cole"]
for i, name in enumerate(names):
    Candidate.objects.create(section=section, display_name=name, slug=f"c{i}", home_clp=clp)
blt = "3 2\\n3 1 2 0\\n2 2 3 0\\n1 3 1 0\\n0\\n" + "".join(f'"{n}"\\n' for n in names) + '"Test"\\n'
ballot_set = services.ballot_set_load(section=section, user=ro, fileobj=io.BytesIO(blt.encode()), filename="t.blt")
count = services.count_request(user=ro, ballot_set=ballot_set)
print(json.dumps({"count": count.pk, "file": ballot_set.file.path}))
"""


@pytest.fixture
def site(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"), MEDIA_ROOT=str(tmp_path / "media"), DEBUG="1",
        TASKS_BACKEND="database", RESULTS_COUNT_STALE_SECONDS="2",
    )  # fmt: skip

    def manage(*args):
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("migrate", "--noinput", "-v", "0")
    return env, manage, tmp_path


def _worker(env, log_path):
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process below
    args = [sys.executable, "manage.py", "count_worker", "--interval", "0.1"]
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log


def _count_row(db_path, count_id):
    with sqlite3.connect(db_path, timeout=20) as db:
        return db.execute(
            "SELECT status, attempts, progress_text, task_id FROM ballots_count WHERE id = ?", (count_id,)
        ).fetchone()


def _wait_for(what, check, log_path, timeout=180):
    deadline = time.monotonic() + timeout  # generous: the machine may be busy; the loop ends on the event
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log_path.read_text(errors='replace')}")


def test_a_killed_workers_count_is_queued_again_and_finished_by_the_next_worker(site):
    env, manage, tmp = site
    db_path, log_path = env["SQLITE_PATH"], tmp / "worker.log"
    ids = json.loads(manage("shell", "-c", SETUP).strip().splitlines()[-1])
    stored = ids["file"]
    real_bytes = Path(stored).read_bytes()
    os.unlink(stored)
    os.mkfifo(stored)  # the first worker will block reading it: caught mid-count

    first, first_log = _worker(env, log_path)
    try:
        _wait_for("the count to start", lambda: _count_row(db_path, ids["count"])[0] == "running", log_path)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        first_log.close()
    status, attempts, _text, task_id = _count_row(db_path, ids["count"])
    assert (status, attempts) == ("running", 1)  # left running by the dead worker, as before the fix
    with sqlite3.connect(db_path) as db:
        task = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?", (task_id.replace("-", ""),)
        )
        assert task.fetchone() == ("RUNNING",)  # and so was its task

    os.unlink(stored)
    Path(stored).write_bytes(real_bytes)
    second, second_log = _worker(env, log_path)
    try:
        _wait_for("the count to finish", lambda: _count_row(db_path, ids["count"])[0] == "done", log_path)
    finally:
        second.terminate()
        second.wait(timeout=30)
        second_log.close()
    status, attempts, text, _task = _count_row(db_path, ids["count"])
    assert (status, attempts, text) == ("done", 2, "Done")
    with sqlite3.connect(db_path) as db:
        actions = [row[0] for row in db.execute("SELECT action FROM elections_auditentry ORDER BY id")]
    assert actions[-2:] == ["count.requeued", "count.done"], actions
