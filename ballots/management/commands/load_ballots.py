"""Load a ballot file of any size for a section, with a progress bar on stderr.

    python manage.py load_ballots SECTION_ID FILE --user USERNAME [--by-position] [--electorate N]

The same checks as the web page: the whole file is validated first and a broken file stores
nothing. The file is streamed, never held in memory.
"""

from __future__ import annotations

import os
import sys
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from ballots.results import services
from ballots.results.models import BallotSet
from elections.models import Section


class ProgressBar:
    def __init__(self, total: int, stream=sys.stderr, width: int = 40) -> None:
        self.total, self.stream, self.width = max(total, 1), stream, width
        self.last = -1.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if done < self.total and now - self.last < 0.1:
            return
        self.last = now
        frac = min(done / self.total, 1.0)
        filled = int(frac * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\rChecking [{bar}] {frac:6.1%} {done / 1e6:7.1f}/{self.total / 1e6:.1f} MB")
        self.stream.flush()

    def finish(self) -> None:
        self(self.total)
        self.stream.write("\n")


class Command(BaseCommand):
    help = "Validate and store a ballot file (BLT or CSV) for a section, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("section_id", type=int)
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the returning officer (or staff) loading the file")
        parser.add_argument(
            "--by-position", action="store_true",
            help="match the file's candidates by position to the section's candidates in alphabetical order",
        )  # fmt: skip
        parser.add_argument("--electorate", type=int, default=None)

    def handle(self, *args, **opts):
        section = Section.objects.filter(pk=opts["section_id"]).select_related("election").first()
        if section is None:
            raise CommandError(f"No section with id {opts['section_id']}.")
        user = get_user_model().objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"No user called {opts['user']!r}.")
        path = opts["file"]
        if not os.path.isfile(path):
            raise CommandError(f"No such file: {path}")
        bar = ProgressBar(os.path.getsize(path), stream=self.stderr._out)
        mapping = BallotSet.Mapping.BY_POSITION if opts["by_position"] else BallotSet.Mapping.BY_NAME
        started = time.monotonic()
        with open(path, "rb") as f:
            try:
                ballot_set = services.ballot_set_load(
                    section=section, user=user, fileobj=f, filename=os.path.basename(path), mapping=mapping,
                    electorate=opts["electorate"], progress=bar,
                )  # fmt: skip
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            except services.BallotFileRejected as exc:
                bar.finish()
                self._print_refusal(exc.report)
                raise CommandError("The file was not loaded; nothing was stored.") from None
        bar.finish()
        self.stdout.write(self.style.SUCCESS(
            f"Loaded ballot set {ballot_set.pk}: {ballot_set.ballots_total:,} ballots "
            f"({ballot_set.ballots_valid:,} valid, {ballot_set.ballots_invalid:,} invalid), "
            f"SHA-256 {ballot_set.sha256}, in {time.monotonic() - started:.1f} s."
        ))  # fmt: skip
        for row in ballot_set.candidate_map:
            self.stdout.write(f"  {row[0]} -> {row[2]}")

    def _print_refusal(self, report) -> None:
        for error in report.errors:
            self.stderr.write(error)
        for line, reason in report.problems:
            self.stderr.write(f"line {line}: {reason}")
        if report.problems_total > len(report.problems):
            self.stderr.write(f"... and {report.problems_total - len(report.problems)} more broken lines")
