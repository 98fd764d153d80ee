"""Load (or refresh) the demo election and print the demo logins. Safe to run repeatedly."""

from django.core.management.base import BaseCommand

from elections import demo, extensions
from elections.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create or refresh the demo election (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        # The elections demo first (every other app's demo builds on its people and section), then
        # each app's, as they registered in elections.extensions.
        logins = list(demo.load() or [])
        for load in extensions.demo_loaders():
            logins.extend(load() or [])
        self.stdout.write(self.style.SUCCESS("Demo election ready: NEC 2026, CLP section (9 seats, at least 4 women)."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        seen = set()
        for username, role in logins:
            if username not in seen:
                seen.add(username)
                self.stdout.write(f"  {username:<12} {role}")
