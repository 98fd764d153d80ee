"""Declaring a section's result, and the lock a declaration puts on the section."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ballots.results import selectors
from ballots.results.models import Count
from ballots.results.permissions import require_manage
from elections.audit import audit_record
from elections.models import Section
from elections.permissions import require


def require_not_declared(section: Section) -> None:
    declared = selectors.declared_count(section)
    if declared is not None:
        when = timezone.localtime(declared.declared_at)
        require(
            False,
            f"The result of {section} was declared at {when:%H:%M} on {when:%-d %B %Y}; it is locked, "
            "so nothing more can be loaded, counted or declared for it.",
        )


def count_declare(*, user, count: Count) -> Count:
    """Declare ``count`` as the section's result; refuses anything that would breach the rules."""
    section = count.section
    require_manage(user, section, "declare a result")
    with transaction.atomic():
        Section.objects.select_for_update().get(pk=section.pk)  # one declaration at a time per section
        require_not_declared(section)
        count = Count.objects.select_for_update().get(pk=count.pk)
        require(
            count.status == Count.Status.DONE,
            f"Count {count.pk} has not finished successfully, so it cannot be declared.",
        )
        require(
            count.seats == section.seats,
            f"{section} elects {section.seats}; count {count.pk} filled {count.seats} seats.",
        )
        require(
            count.min_women >= section.min_women,
            f"{section} requires at least {section.min_women} women; count {count.pk} was run with a minimum of {count.min_women}.",
        )
        women = sum(1 for name in count.elected if name in set(count.women))
        require(
            women >= section.min_women,
            f"Count {count.pk} elects {women} women; {section} requires at least {section.min_women}.",
        )
        count.declared_at = timezone.now()
        count.declared_by = user
        count.save(update_fields=["declared_at", "declared_by"])
        audit_record(
            actor=user, action="count.declared", section=section, obj=count, details={"elected": count.elected}
        )
    return count
