"""The platform's paths against the engine's own time on the same file (issue 16).

Never part of the test suite. In a temporary directory (its own SQLite database and media
root, never the project's), it migrates, makes one election with a returning officer and one
section per run (24 candidates, 9 seats, no minimum of women, so the count is the engine's plain
ERS97 count), then times whole processes, alternating per run:

- engine: ``python -m ballots.counting FILE --method ers97 --format json``;
- Django start: ``manage.py check`` (what every manage.py command pays before its work);
- load: ``manage.py load_ballots SECTION FILE --user rita --by-position`` (checks the file with
  the engine's checking reader, stores it, records the set);
- count: ``manage.py count_ballots SET --user rita --method ers97`` (the results service: reads
  the stored file again, verifies its SHA-256, counts, stores the result JSON);
- web count: the returning officer's count form posted (Django's test client, signed in as rita)
  while ``manage.py count_worker`` runs beside it, as in production (the database task queue):
  wall time from the POST until the count's row says it is done, so it includes the queue's
  hand-over (the worker polls every 0.2 s here) and the stored result. Its CPU is the worker's,
  which a process that serves many counts pays once for Django's start, so it is not shown.

    python benchmarks/platform_bench.py --file synth-130k-24.blt [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from vs_peers import load, machine, timed  # noqa: E402

SETUP = """
import django, sys
django.setup()
from elections.models import Section
from tests import factories
runs = int(sys.argv[1])
election = factories.ElectionFactory(name="Benchmark", slug="benchmark")
user = factories.MemberFactory(user__username="rita").user
election.returning_officers.add(user)
for r in range(runs):
    section = factories.SectionFactory(election=election, slug=f"bench-{r}", seats=9, min_women=0)
    for i in range(24):
        factories.CandidateFactory(section=section, display_name=f"P{i:02d}", slug=f"p{r}-{i}", gender="woman")
    print(section.pk)
"""
WEB_COUNT = """
import django, sys, time
django.setup()
from django.test import Client
from django.urls import reverse
from django.contrib.auth import get_user_model
from ballots.results.models import Count
client = Client()
client.force_login(get_user_model().objects.get(username="rita"))
ballot_set = int(sys.argv[1])
start = time.perf_counter()
response = client.post(reverse("results:count_create", args=[ballot_set]), {"method": "ers97", "seats": 9, "min_women": 0, "seed": 0})
assert response.status_code == 302, response.status_code
count = Count.objects.filter(ballot_set_id=ballot_set).latest("pk")
while count.status not in (Count.Status.DONE, Count.Status.FAILED):
    time.sleep(0.02)  # a benchmark's poll, never a test's
    count.refresh_from_db()
print(time.perf_counter() - start, count.status)
"""
COUNTS = """
import django
django.setup()
from ballots.results.models import Count
print(*sorted({c.status for c in Count.objects.all()}), Count.objects.count())
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    path = args.file.resolve()
    print(f"Machine: {machine()}; load average at start: {load()}")
    with tempfile.TemporaryDirectory(prefix="platform-bench-") as tmp:
        os.environ.update(
            SQLITE_PATH=f"{tmp}/db.sqlite3", MEDIA_ROOT=f"{tmp}/media", DJANGO_SETTINGS_MODULE="config.settings"
        )
        os.environ.pop("DATABASE_URL", None)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, check=True)
        made = subprocess.run(
            [sys.executable, "-c", SETUP, str(args.runs)], cwd=ROOT, check=True, capture_output=True, text=True
        )
        sections = made.stdout.split()
        got: dict[str, list] = {"engine": [], "django start": [], "load_ballots": [], "count_ballots": []}
        web: list[float] = []
        worker = subprocess.Popen(
            [*manage, "count_worker", "--interval", "0.2"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for r, section in enumerate(sections):
            got["engine"].append(
                timed(
                    ROOT, [sys.executable, "-m", "ballots.counting", str(path), "--method", "ers97", "--format", "json"]
                )
            )
            got["django start"].append(timed(ROOT, [*manage, "check"]))
            got["load_ballots"].append(
                timed(ROOT, [*manage, "load_ballots", section, str(path), "--user", "rita", "--by-position"])
            )
            ballot_set = r + 1  # one set per section, in order, in a fresh database
            got["count_ballots"].append(
                timed(ROOT, [*manage, "count_ballots", str(ballot_set), "--user", "rita", "--method", "ers97"])
            )
            posted = subprocess.run(
                [sys.executable, "-c", WEB_COUNT, str(ballot_set)], cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout.split()
            assert posted[1] == "done", posted
            web.append(float(posted[0]))
        worker.terminate()
        worker.wait(timeout=30)
        check = subprocess.run(
            [sys.executable, "-c", COUNTS], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    print(f"{args.runs} runs on {path.name}; counts stored (status and how many): {check}; load after: {load()}")
    engine = statistics.median(g[2] for g in got["engine"])
    print(f"{'path':16} {'median wall s':>14} {'median CPU s':>13} {'peak MiB':>9} {'CPU / engine':>13}")
    for name, rows in got.items():
        wall, cpu = statistics.median(g[0] for g in rows), statistics.median(g[2] for g in rows)
        peak = max(g[1] for g in rows) / 1024
        print(f"{name:16} {wall:14.3f} {cpu:13.3f} {peak:9.0f} {cpu / engine:12.1f}x")
    engine_wall = statistics.median(g[0] for g in got["engine"])
    print(f"{'web count':16} {statistics.median(web):14.3f} {'':>13} {'':>9} {'':>13}"
          f"  (POST to done; {statistics.median(web) / engine_wall:.1f}x the engine's wall time)")  # fmt: skip


if __name__ == "__main__":
    main()
