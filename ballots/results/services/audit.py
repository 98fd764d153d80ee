"""The audit log: every write to results records itself here, in the same transaction."""

from __future__ import annotations

from ballots.results.models import AuditEntry
from elections.models import Section


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
