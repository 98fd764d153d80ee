"""Writes for elections data: validate fully, then save. Views call these, never .save() directly."""

from __future__ import annotations

from django.db import transaction

from elections.models import Section
from elections.permissions import can_manage_election, require

SECTION_SETTINGS = (
    "seats", "min_women", "freeze_date", "nomination_opens", "nomination_closes",
    "ballot_opens", "ballot_closes", "counting_method", "statement_word_limit",
)  # fmt: skip


def section_update_settings(*, section: Section, user, **changes) -> Section:
    """Change a section's rules. Only its election's returning officers (or staff) may."""
    require(
        can_manage_election(user, section.election),
        f"Only a returning officer of {section.election} can change this section's settings.",
    )
    unknown = set(changes) - set(SECTION_SETTINGS)
    if unknown:
        raise ValueError(f"not a section setting: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Section.objects.select_for_update().get(pk=section.pk)
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean()
        locked.save()
    return locked
