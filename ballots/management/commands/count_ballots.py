"""Count a stored ballot set from the shell (runs in this process, not by the worker).

python manage.py count_ballots BALLOT_SET_ID --user USERNAME [--method ers97] [--seed 0]
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from ballots.results import services
from ballots.results.models import BallotSet


class Command(BaseCommand):
    help = "Run a count on a stored ballot set, with the section's defaults unless given."

    def add_arguments(self, parser):
        parser.add_argument("ballot_set_id", type=int)
        parser.add_argument("--user", required=True)
        parser.add_argument("--method")
        parser.add_argument("--seats", type=int)
        parser.add_argument("--min-women", type=int)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **opts):
        ballot_set = BallotSet.objects.filter(pk=opts["ballot_set_id"]).first()
        user = get_user_model().objects.filter(username=opts["user"]).first()
        if ballot_set is None or user is None:
            raise CommandError("Unknown ballot set or user.")
        started = time.monotonic()
        try:
            count = services.count_request(
                user=user, ballot_set=ballot_set, method=opts["method"], seats=opts["seats"],
                min_women=opts["min_women"], seed=opts["seed"], inline=True,
            )  # fmt: skip
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        count.refresh_from_db()
        if count.status != count.Status.DONE:
            raise CommandError(f"Count {count.pk} failed: {count.error}")
        self.stdout.write(self.style.SUCCESS(f"Count {count.pk} done in {time.monotonic() - started:.1f} s."))
        for i, name in enumerate(count.elected, start=1):
            self.stdout.write(f"  {i}. {name}")
