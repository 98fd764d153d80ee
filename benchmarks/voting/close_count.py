"""Close-to-count for a 130,000-member section ballot: seal, publish, load as a ballot set, count.

    DATABASE_URL=postgres://nec:nec-ci-only@127.0.0.1:5432/nec_voting \\
        .venv/bin/python benchmarks/voting/close_count.py --members 130000

Creates (once) the members, and each run a new load-test section whose ballot is open, fills its box
with one paper per member (random rankings of 1 to 9 of its 20 candidates, written in bulk with
their register marks, as casting would leave them), moves its closing time to now, then times the
real path: ``online_ballot_close`` (read, seal, store, rewrite in receipt-hash order, VACUUM) and
``online_ballot_count_section`` (the results services load the file as a ballot set and count it
by ERS97, 9 seats, at least 4 women, in this process). Never part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def loadavg() -> list[str]:
    with open("/proc/loadavg") as f:
        return f.read().split()[:3]


def fill(ballot, rng: random.Random) -> None:
    from django.db import transaction
    from django.db.models import F

    from ballots.voting import receipts
    from ballots.voting.models import BallotPaper, OnlineBallot, RegisterMark, Voter

    if ballot.turnout:
        return
    voters = list(Voter.objects.filter(ballot=ballot).values_list("pk", flat=True))
    when = ballot.section.ballot_opens.replace(second=0, microsecond=0)
    with transaction.atomic():
        for start in range(0, len(voters), 5000):
            chunk = voters[start : start + 5000]
            RegisterMark.objects.bulk_create([RegisterMark(voter_id=v, ballot=ballot, marked_at=when) for v in chunk])
            BallotPaper.objects.bulk_create(
                [BallotPaper(ballot=ballot, preferences=rng.sample(ballot.candidate_ids, rng.randint(1, 9)),
                             receipt_hash=receipts.code_hash(ballot.pk, receipts.new_code())) for _ in chunk]
            )  # fmt: skip
        OnlineBallot.objects.filter(pk=ballot.pk).update(turnout=F("turnout") + len(voters))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=130_000)
    parser.add_argument("--slug", default=time.strftime("load-close-%Y%m%d%H%M%S"), help="a new section each run")
    args = parser.parse_args()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.utils import timezone
    from setup_data import prepare

    from ballots.voting import services
    from ballots.voting.models import OnlineBallot

    data = prepare(args.members, 0, slug=args.slug, closes_in=dt.timedelta(days=1))
    ballot = OnlineBallot.objects.select_related("section").get(pk=data["ballot"])
    if ballot.sealed:
        print(f"ballot {ballot.pk} is already closed: give a new --slug to measure again")
        return 2
    t = time.perf_counter()
    fill(ballot, random.Random(15))
    print(
        f"filled the box with {ballot.electorate_size:,} papers in {time.perf_counter() - t:.1f} s (not part of the timing)"
    )
    ballot.section.ballot_closes = timezone.now()
    ballot.section.save(update_fields=["ballot_closes"])
    from django.contrib.auth import get_user_model

    ro = get_user_model().objects.get(pk=data["ro"])
    load = loadavg()
    t0 = time.perf_counter()
    closed = services.online_ballot_close(ballot=OnlineBallot.objects.get(pk=ballot.pk), user=ro)
    t1 = time.perf_counter()
    count = services.online_ballot_count_section(ballot=closed, user=ro, inline=True)
    t2 = time.perf_counter()
    count.refresh_from_db()
    print(f"close (seal {closed.turnout:,} papers, store, rewrite, vacuum): {t1 - t0:.1f} s")
    print(
        f"load as a ballot set and count ({count.method}, {count.seats} seats, min {count.min_women} women): {t2 - t1:.1f} s"
    )
    print(f"close to count: {t2 - t0:.1f} s; count {count.pk} {count.status}, elected {', '.join(count.elected)}")
    print(f"load average at the start {' '.join(load)}, now {' '.join(loadavg())}")
    return 0 if count.status == "done" and t2 - t0 < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
