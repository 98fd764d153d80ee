"""Delete old live events: ``manage.py prune_live_events [--keep N] [--days D]``.

Events are kept only so that a process or a page that missed some can catch up; snapshots are the
truth. Every live process also prunes hourly (``LIVE_PRUNE_SECONDS``); run this from cron where
no live process runs for long. Stream counters are kept, so numbering carries on.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from elections import live


class Command(BaseCommand):
    help = "Delete live events older than --days, and all but the last --keep of each stream."

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, default=settings.LIVE_HISTORY_EVENTS, help="events kept per stream")
        parser.add_argument("--days", type=int, default=settings.LIVE_HISTORY_DAYS, help="oldest event kept, in days")

    def handle(self, *args, keep, days, **options):
        if not 1 <= keep <= 10_000_000:
            raise CommandError("--keep must be between 1 and 10,000,000 events per stream.")
        if not 1 <= days <= 3650:
            raise CommandError("--days must be between 1 and 3,650.")
        deleted = live.prune(keep=keep, days=days)
        self.stdout.write(f"Deleted {deleted} live event{'' if deleted == 1 else 's'}.")
