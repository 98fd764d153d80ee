"""Discarding a section's loaded ballots, so that its frozen settings can change again.

Loaded ballots freeze the settings a count depends on (seats, minimum of women, method, dates:
``elections.services.section_settings_refusal``). To change them the returning officer discards
every loaded ballot set and return, with a reason, in two steps (what it will do, then an explicit
confirmation). Nothing is deleted: the sets, returns and their counts stay on record marked
discarded, are never counted or declared again, and the same file can be loaded again. The
audit log keeps who, when and why. After a declaration nothing can be discarded.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ballots.results import selectors
from ballots.results.models import BallotReturn, BallotSet, Count
from ballots.results.permissions import require_manage
from ballots.results.services.declaration import when_text
from elections.audit import audit_record
from elections.models import Section
from elections.refusals import Conflict, Refusal, Unprocessable


def discard_refusal(section: Section) -> Refusal | None:
    """Why the section's ballots cannot be discarded now (None: they can)."""
    declared = selectors.declared_count(section)
    if section.counting_lock == Section.CountingLock.DECLARED or declared is not None:
        when = f" at {when_text(declared.declared_at)}" if declared is not None else ""
        return Conflict(
            f"The result of {section} was declared{when}: its loaded ballots can no longer be discarded, and its "
            "settings are frozen for good.",
            code="declared",
        )
    sets, returns = _loaded(section)
    if not sets and not returns:
        return Conflict(f"Nothing is loaded for {section}: there is nothing to discard.", code="nothing_loaded")
    return None


def _loaded(section: Section) -> tuple[list[BallotSet], list[BallotReturn]]:
    sets = list(BallotSet.objects.filter(section=section, discarded_at__isnull=True).order_by("id"))
    returns = list(BallotReturn.objects.filter(section=section, discarded_at__isnull=True).order_by("id"))
    return sets, returns


def discard_preview(section: Section) -> dict:
    """What discarding would do, for the confirmation page and the API."""
    sets, returns = _loaded(section)
    counts = Count.objects.filter(Q(ballot_set__in=sets) | Q(ballot_return__in=returns))
    refusal = discard_refusal(section)
    return {
        "ballot_sets": [
            {"id": b.pk, "file": b.original_name, "ballots": b.ballots_total, "sha256": b.sha256} for b in sets
        ],
        "returns": [{"id": r.pk, "method": r.method, "valid": r.ballots_valid} for r in returns],
        "counts": counts.count(),
        "effects": [
            "The ballot sets and returns listed, and their counts, stay on record, marked discarded with your reason; "
            "they can never be counted or declared again.",
            f"The seats, minimum number of women, counting method and dates of {section} can then be changed again.",
            "The same files can be loaded again afterwards.",
            "Your name, the time and the reason go in the audit log.",
        ],
        "refusal": refusal.message if refusal else "",
    }


def section_discard_loaded(*, section: Section, user, reason: str, confirm: bool) -> dict:
    """Discard every loaded ballot set and return of ``section`` (both steps done: ``confirm``)."""
    require_manage(user, section, "discard loaded ballots")
    reason = (reason or "").strip()
    with transaction.atomic():
        section = Section.objects.select_for_update(of=("self",)).select_related("election").get(pk=section.pk)
        refusal = discard_refusal(section)
        if refusal is not None:
            raise refusal
        if not reason:
            raise Unprocessable(
                "Give the reason for discarding the loaded ballots; it is kept in the audit log.",
                errors={"reason": ["Give the reason for discarding the loaded ballots."]},
                code="reason",
            )
        if not confirm:
            raise Unprocessable(
                f"Confirm that you mean to discard every ballot set and return loaded for {section}. Nothing was "
                "discarded.",
                errors={"confirm": ["Confirm the discard."]},
                code="confirm",
            )
        return _discard(section, user, reason)


def _discard(section: Section, user, reason: str) -> dict:
    sets, returns = _loaded(section)
    now = timezone.now()
    fields = {"discarded_at": now, "discarded_by": user, "discard_reason": reason}
    BallotSet.objects.filter(pk__in=[b.pk for b in sets]).update(**fields)
    BallotReturn.objects.filter(pk__in=[r.pk for r in returns]).update(**fields)
    unfinished = Count.objects.filter(Q(ballot_set__in=sets) | Q(ballot_return__in=returns)).filter(
        status__in=[Count.Status.QUEUED, Count.Status.RUNNING]
    )
    stopped = sorted(unfinished.values_list("pk", flat=True))
    Count.objects.filter(pk__in=stopped).update(
        status=Count.Status.FAILED, progress=100, progress_text="Failed", finished_at=now,
        error=f"Its ballots were discarded before it finished: {reason}",
    )  # fmt: skip
    Section.objects.filter(pk=section.pk).update(counting_lock=Section.CountingLock.OPEN)
    summary = {
        "ballot_sets": [b.pk for b in sets], "returns": [r.pk for r in returns], "counts_stopped": stopped,
        "reason": reason,
    }  # fmt: skip
    audit_record(actor=user, action="ballots.discarded", section=section, details=summary)
    return summary
