"""Import CLP nominations from a CSV export. A dry run unless --commit; all or nothing.

manage.py import_nominations nec-2026 clp-section nominations.csv --user staff [--commit] [--reason "…"]
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from ballots.nominations.csvimport import nominations_import
from elections.models import Section
from elections.wording import quantity


class Command(BaseCommand):
    help = "Check (and with --commit, record) CLP nominations from a CSV file: clp,candidate,date,method[,votes]."

    def add_arguments(self, parser):
        parser.add_argument("election")
        parser.add_argument("section")
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="Username recorded as making the change (staff or RO).")
        parser.add_argument("--reason", default="Imported from the CLP nominations export")
        parser.add_argument("--commit", action="store_true", help="Record the nominations (default: dry run).")

    def handle(self, election, section, path, user, reason, commit, **options):
        try:
            target = Section.objects.select_related("election").get(election__slug=election, slug=section)
        except Section.DoesNotExist:
            raise CommandError(f"no section {section!r} in election {election!r}") from None
        who = get_user_model().objects.filter(username=user).first()
        if who is None:
            raise CommandError(f"no user called {user!r}")
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        try:
            report = nominations_import(section=target, user=who, data=data, reason=reason, commit=commit)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self._show(report, commit)

    def _show(self, report, commit):
        for plan in report.plans:
            detail = "; ".join(
                f"{label} {', '.join(names)}"
                for label, names in (("add", plan.added), ("change", plan.changed), ("remove", plan.removed))
                if names
            )
            self.stdout.write(f"{plan.clp.name}: {plan.action}{' — ' + detail if detail else ''}")
        for _line, message in report.errors:
            self.stderr.write(message)
        if report.errors:
            raise CommandError(f"{quantity(len(report.errors), 'problem')}: nothing was imported")
        verb = "imported" if report.committed else "would change (dry run; add --commit to record)"
        read = f"{quantity(report.lines, 'line')} read; {quantity(len(report.changes), 'CLP')} {verb}."
        self.stdout.write(self.style.SUCCESS(read))
