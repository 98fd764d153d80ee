"""Load (or refresh) the demo election and print the demo logins. Safe to run repeatedly."""

import importlib

from django.core.management.base import BaseCommand

from elections.demo import DEMO_PASSWORD

# Each app that has demo data provides ``<app>.demo.load()`` returning extra (username, role) pairs.
DEMO_MODULES = [
    "elections.demo",
    "ballots.nominations.demo",
    "ballots.results.demo",
    "hustings.demo",
    "ballots.voting.demo",
]


class Command(BaseCommand):
    help = "Create or refresh the demo election (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        logins = []
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            logins.extend(module.load() or [])
        self.stdout.write(self.style.SUCCESS("Demo election ready: NEC 2026, CLP section (9 seats, at least 4 women)."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        seen = set()
        for username, role in logins:
            if username not in seen:
                seen.add(username)
                self.stdout.write(f"  {username:<12} {role}")
