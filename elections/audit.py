"""The audit log: one append-only record for every app, written in the transaction of the change.

Results (loads, counts, declarations), nomination rule changes, hustings moderation and every
change made in the Django admin record themselves here. It lives in ``elections`` because every
app already depends on it; nothing here knows about the apps that write to it. The database
keeps it append-only too: on PostgreSQL a trigger refuses UPDATE and DELETE (migration
``elections.0004``).
"""

from __future__ import annotations

from elections.models import AuditEntry, Section


def audit_record(
    *, actor, action: str, section: Section | None = None, obj=None, details: dict | None = None
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        section=section,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "pk", None),
        details=details or {},
    )
    entry.full_clean()
    entry.save()
    return entry
