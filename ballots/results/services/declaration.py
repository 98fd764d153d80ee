"""Declaring a section's result, the lock a declaration puts on the section, and recounts that
replace a declared result.

A declaration is irreversible: there is no undeclare. It is refused, with the reason, unless the
section's ballot has closed, the count is not a trial (run before the close), it finished, it was
run with the section's own seats and minimum of women (and elected that many women), and no other
result is declared. The person declaring confirms the result they checked by sending its SHA-256
back. Once declared, the section is locked: the only count that can still be run is a recount of
the declared ballots, with a reason, and the only declaration a recount's, with a reason, which
supersedes the earlier one (the sheet shows the chain).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ballots.results import selectors
from ballots.results.models import Count
from ballots.results.permissions import require_manage
from elections.audit import audit_record
from elections.models import Section
from elections.refusals import Conflict, Refusal, Unprocessable


def when_text(moment) -> str:
    """A moment as the refusals say it: "12:00 on 17 June 2026" (UK time)."""
    when = timezone.localtime(moment)
    return f"{when:%H:%M} on {when.day} {when:%B %Y}"


def declared_refusal(section: Section, *, recount_of: Count | None = None) -> Conflict | None:
    """Once the section is declared, nothing but a recount of the declared ballots: the refusal."""
    declared = selectors.declared_count(section)
    if declared is None or (recount_of is not None and _same_ballots(recount_of, declared)):
        return None
    return Conflict(
        f"The result of {section} was declared at {when_text(declared.declared_at)}; it is locked, so nothing more "
        f"can be loaded or counted for it, except a recount of the declared count {declared.pk}, with a reason.",
        code="declared",
    )


def require_not_declared(section: Section, *, recount_of: Count | None = None) -> None:
    refusal = declared_refusal(section, recount_of=recount_of)
    if refusal is not None:
        raise refusal


def _same_ballots(count: Count, other: Count) -> bool:
    return (count.ballot_set_id, count.ballot_return_id) == (other.ballot_set_id, other.ballot_return_id)


def declaration_refusals(count: Count, *, now=None) -> list[Refusal]:
    """Every reason ``count`` cannot be declared now; empty when it can. The sheet lists these
    beside the place the Declare control would be; ``count_declare`` refuses with the first."""
    now = now or timezone.now()
    section = count.section
    refusals: list[Refusal] = []
    if count.is_declared:
        if count.superseded_at:
            refusals.append(
                Conflict(f"Count {count.pk} was declared and then superseded; it cannot be declared again.")
            )
        else:
            refusals.append(Conflict(f"Count {count.pk} is already the declared result of {section}."))
        return refusals
    if now < section.ballot_closes:
        refusals.append(
            Conflict(
                f"The ballot for {section} closes at {when_text(section.ballot_closes)}; a result can be declared only "
                "after the ballot has closed.",
                code="ballot_open",
            )
        )
    if count.is_trial:
        refusals.append(
            Conflict(
                f"Count {count.pk} is a trial count, run before the ballot closed; a trial can never be declared. "
                "Once the ballot has closed, run the count again and declare that one.",
                code="trial",
            )
        )
    if count.status != Count.Status.DONE:
        refusals.append(Conflict(f"Count {count.pk} has not finished successfully, so it cannot be declared."))
        return refusals
    refusals += _figure_refusals(count, section)
    refusals += _source_refusals(count, section)
    return refusals


def _figure_refusals(count: Count, section: Section) -> list[Refusal]:
    refusals: list[Refusal] = []
    if count.seats != section.seats:
        refusals.append(
            Unprocessable(f"{section} elects {section.seats}; count {count.pk} filled {count.seats} seats.")
        )
    if count.min_women != section.min_women:
        refusals.append(
            Unprocessable(
                f"{section} requires at least {section.min_women} women; count {count.pk} was run with a minimum "
                f"of {count.min_women}. Only a count run with the section's own minimum can be declared."
            )
        )
    women = sum(1 for name in count.elected if name in set(count.women))
    if women < section.min_women:
        refusals.append(
            Unprocessable(f"Count {count.pk} elects {women} women; {section} requires at least {section.min_women}.")
        )
    return refusals


def _source_refusals(count: Count, section: Section) -> list[Refusal]:
    refusals: list[Refusal] = []
    source = count.ballot_set or count.ballot_return
    if source is not None and getattr(source, "discarded_at", None):
        refusals.append(
            Conflict(
                f"Count {count.pk} counted ballots that were discarded at {when_text(source.discarded_at)}; it cannot "
                "be declared."
            )
        )
    declared = selectors.declared_count(section)
    if declared is not None and not (count.recount_of_id and _same_ballots(count, declared)):
        refusals.append(
            Conflict(
                f"The result of {section} was declared at {when_text(declared.declared_at)} (count {declared.pk}); it "
                "can be replaced only by declaring a recount of the same ballots, with a reason.",
                code="declared",
            )
        )
    return refusals


def count_declare(*, user, count: Count, confirm: str, reason: str = "") -> Count:
    """Declare ``count`` as the section's result; ``confirm`` is the result SHA-256 the person
    checked, ``reason`` is needed when a recount replaces a declared result."""
    section = count.section
    require_manage(user, section, "declare a result")
    reason = (reason or "").strip()
    with transaction.atomic():
        section = Section.objects.select_for_update(of=("self",)).select_related("election").get(pk=section.pk)
        count = (
            Count.objects.select_for_update(of=("self",)).select_related("ballot_set", "ballot_return").get(pk=count.pk)
        )
        count.section = section
        refusals = declaration_refusals(count)
        if refusals:
            raise refusals[0]
        if confirm != count.result_sha256:
            raise Unprocessable(
                f"Confirm the result you checked: send the SHA-256 of count {count.pk}'s result "
                f"({count.result_sha256[:12]}…) as the confirmation. Nothing was declared.",
                errors={"confirm": ["This does not match the result's SHA-256."]},
                code="confirm",
            )
        previous = selectors.declared_count(section)
        if previous is not None and not reason:
            raise Unprocessable(
                f"Declaring count {count.pk} replaces the declared result (count {previous.pk}): give the reason "
                "for replacing it. It is shown with both results.",
                errors={"reason": ["Give the reason for replacing the declared result."]},
                code="reason",
            )
        now = timezone.now()
        if previous is not None:
            Count.objects.filter(pk=previous.pk).update(superseded_at=now, superseded_by=count)
        count.declared_at, count.declared_by, count.declaration_reason = now, user, reason
        count.save(update_fields=["declared_at", "declared_by", "declaration_reason"])
        section_lock_for_good(section)
        audit_record(
            actor=user, action="count.declared", section=section, obj=count,
            details={"elected": count.elected, "result_sha256": count.result_sha256,
                     "supersedes": previous.pk if previous else None, "reason": reason},
        )  # fmt: skip
    return count


def declaration_preview(count: Count) -> dict:
    """What declaring ``count`` would do, for the confirmation page and the API: the elected in
    order (women marked), the figures, the hashes, what becomes locked, and why it cannot be
    declared (if it cannot)."""
    section = count.section
    women = set(count.women)
    previous = selectors.declared_count(section)
    locks = [
        "Declaring is final: there is no undeclare.",
        "Every member can then read this result sheet.",
        f"The seats, minimum number of women, counting method and dates of {section} are frozen for good.",
        "No more ballots can be loaded or returns recorded, and no count run, except a recount of these ballots "
        "with a reason; a recount replaces this result only if it is declared in turn, with a reason.",
    ]
    if previous is not None and previous.pk != count.pk:
        locks.insert(
            0,
            f"This replaces the declared result, count {previous.pk} (declared at {when_text(previous.declared_at)}), "
            "which stays on record as superseded.",
        )
    return {
        "elected": [{"name": name, "woman": name in women} for name in count.elected],
        "method": count.method, "seats": count.seats, "min_women": count.min_women,
        "ballots_sha256": count.input_sha256, "result_sha256": count.result_sha256,
        "supersedes": previous.pk if previous is not None and previous.pk != count.pk else None,
        "locks": locks, "refusals": [r.message for r in declaration_refusals(count)],
    }  # fmt: skip


def section_lock_for_good(section: Section) -> None:
    """After a declaration the section's counting settings never change again."""
    Section.objects.filter(pk=section.pk).update(counting_lock=Section.CountingLock.DECLARED)
