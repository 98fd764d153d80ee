"""Writes for elections data: validate fully, then save. Views call these, never .save() directly."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from elections.contact_details import Finding, describe, find_contact_details
from elections.models import Candidate, Section, Statement, StatementKind, StatementRevision
from elections.permissions import require_candidate, require_election_manager, require_statement_editor
from elections.photos import prepared_photo
from elections.refusals import Conflict, Unprocessable
from elections.wordcount import count_words
from elections.wording import quantity

# The nomination window is a nomination rule: it is changed with the other nomination rules (a
# reason needed once CLPs have nominated), not here.
SECTION_SETTINGS = (
    "seats", "min_women", "freeze_date", "ballot_opens", "ballot_closes", "counting_method", "zero_vote_places",
    "statement_word_limit", "publish_ballots",
)  # fmt: skip


SETTING_NAMES = {
    "seats": "seats", "min_women": "minimum number of women", "counting_method": "counting method",
    "freeze_date": "freeze date", "nomination_opens": "nomination window", "nomination_closes": "nomination window",
    "ballot_opens": "ballot dates", "ballot_closes": "ballot dates",
    "zero_vote_places": "rule for places only a candidate without votes could fill",
}  # fmt: skip


def _words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _differs(before, after) -> bool:
    """Times are set to the minute on the settings page (to the second in the admin): the same
    time to the minute is no change, and keeps its stored value."""
    if isinstance(before, dt.datetime) and isinstance(after, dt.datetime):
        return before.replace(second=0, microsecond=0) != after.replace(second=0, microsecond=0)
    return before != after


def section_settings_refusal(section: Section, changes: dict) -> Conflict | None:
    """Why these changes to the settings a count depends on are refused now (None: they are not).

    Once ballots are loaded for the section (``counting_lock``, set by the results services) the
    seats, minimum of women, counting method and dates are frozen, until the loaded ballots are
    discarded with a reason; once a result is declared, for good. Values that do not change pass.
    """
    changing = [f for f in Section.COUNTING_SETTINGS if f in changes and _differs(getattr(section, f), changes[f])]
    if not changing or section.counting_lock == Section.CountingLock.OPEN:
        return None
    named = list(dict.fromkeys(SETTING_NAMES[f] for f in changing))
    these = "this setting is" if len(named) == 1 else "these settings are"
    if section.counting_lock == Section.CountingLock.DECLARED:
        message = f"The result of {section} has been declared, so {these} frozen for good: {_words(named)}."
        short = "Frozen for good: the result is declared."
    else:
        message = (
            f"Ballots are loaded for {section}, so {these} frozen: {_words(named)}. To change "
            f"{'it' if len(named) == 1 else 'them'}, first discard the loaded ballots, with a reason (Results, "
            "then the section's ballots and counts)."
        )
        short = "Frozen while ballots are loaded."
    return Conflict(message, errors={f: [short] for f in changing}, code="frozen")


def section_update_settings(*, section: Section, user, **changes) -> Section:
    """Change a section's rules. Only its election's returning officers (or staff) may, and not
    the settings a count depends on once ballots are loaded (``section_settings_refusal``)."""
    require_election_manager(user, section.election, "change this section's settings")
    unknown = set(changes) - set(SECTION_SETTINGS)
    if unknown:
        raise ValueError(f"not a section setting: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Section.objects.select_for_update(of=("self",)).select_related("election").get(pk=section.pk)
        refusal = section_settings_refusal(locked, changes)
        if refusal is not None:
            raise refusal
        for field, value in changes.items():
            if _differs(getattr(locked, field), value):
                setattr(locked, field, value)
        locked.full_clean()
        locked.save()
    return locked


class ContactDetailsFound(Unprocessable):
    """Publishing was refused until the person confirms the contact details found are meant."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        message = (
            f"This statement appears to contain {describe(findings)}. In 2020 candidates' home addresses were "
            "published by mistake: remove anything private, or confirm that you mean to publish it."
        )
        super().__init__(
            message,
            errors={"confirm_contact_details": [message]},
            code="contact_details",
            extra={"contact_details": [{"kind": f.kind, "text": f.text} for f in findings]},
        )


def _refuse_if_locked(section: Section) -> None:
    if section.statements_locked:
        raise Conflict(section.statements_lock_reason, code="statements_locked")


def _validate_statement_body(*, candidate: Candidate, kind: str, body: str, publish: bool) -> int:
    """The word count; raises when the text is empty or too long. A ballot statement's word limit
    binds only what is published: a draft may run over while the candidate edits it down."""
    if not body.strip():
        raise ValidationError({"body": "Write the statement before saving it."})
    if len(body) > StatementRevision.MAX_CHARS:
        raise ValidationError(
            {
                "body": f"The statement is {len(body):,} characters long; the most we accept is {StatementRevision.MAX_CHARS:,}."
            }
        )
    words = count_words(body)
    limit = candidate.section.statement_word_limit
    if publish and kind == StatementKind.BALLOT and words > limit:
        raise ValidationError(
            {
                "body": f"Your ballot statement has {words} words; the limit in {candidate.section.name} is {limit}. "
                f"Please remove {quantity(words - limit, 'word')} before publishing it (you can save it as a draft)."
            }
        )
    return words


def statement_save(
    *, candidate: Candidate, kind: str, body: str, user, publish: bool = False, confirm_contact_details: bool = False
) -> StatementRevision:
    """Save a new revision of a candidate's statement, and publish it if asked.

    Only the candidate and the election's returning officers may; nobody may once the section's
    statements are locked. Publishing text that looks like it holds contact details needs
    ``confirm_contact_details``; otherwise ``ContactDetailsFound`` is raised and nothing is saved.
    Saving text identical to the latest revision adds no revision.
    """
    require_statement_editor(user, candidate)
    if kind not in StatementKind.values:
        raise ValueError(f"not a kind of statement: {kind}")
    _refuse_if_locked(candidate.section)
    body = (body or "").replace("\r\n", "\n")
    words = _validate_statement_body(candidate=candidate, kind=kind, body=body, publish=publish)
    findings = find_contact_details(body)
    if publish and findings and not confirm_contact_details:
        raise ContactDetailsFound(findings)
    with transaction.atomic():
        section = Section.objects.select_for_update().get(pk=candidate.section_id)
        _refuse_if_locked(section)
        statement, _ = Statement.objects.get_or_create(candidate=candidate, kind=kind)
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        latest = statement.revisions.order_by("-number").first()
        if latest is None or latest.body != body:
            latest = StatementRevision(
                statement=statement,
                number=(statement.revisions.aggregate(n=Max("number"))["n"] or 0) + 1,
                body=body,
                word_count=words,
                author=user,
                contact_details=[{"kind": f.kind, "text": f.text} for f in findings],
                contact_details_confirmed=bool(findings and confirm_contact_details and publish),
            )
        if publish:
            latest.published_at = timezone.now()
            latest.contact_details_confirmed = latest.contact_details_confirmed or bool(findings)
        latest.full_clean()
        latest.save()
        if publish:
            statement.published = latest
            statement.save(update_fields=["published"])
    return latest


def statement_hide(*, statement: Statement, user, reason: str) -> Statement:
    """A returning officer hides a statement from members, with a reason members are shown."""
    election = statement.candidate.section.election
    require_election_manager(user, election, "hide a statement")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason members will be shown for hiding this statement."})
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        locked.hidden_reason, locked.hidden_by, locked.hidden_at = reason, user, timezone.now()
        locked.full_clean()
        locked.save()
    return locked


def statement_unhide(*, statement: Statement, user) -> Statement:
    election = statement.candidate.section.election
    require_election_manager(user, election, "show a hidden statement again")
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        locked.hidden_reason, locked.hidden_by, locked.hidden_at = "", None, None
        locked.save()
    return locked


def section_lock_statements(*, section: Section, user, at: dt.datetime | None = None) -> Section:
    """Lock every statement of the section from ``at`` (default: now). Returning officers only."""
    require_election_manager(user, section.election, "lock statements")
    with transaction.atomic():
        locked = Section.objects.select_for_update().get(pk=section.pk)
        locked.statements_locked_at = at or timezone.now()
        locked.statements_locked_by = user
        locked.full_clean()
        locked.save(update_fields=["statements_locked_at", "statements_locked_by"])
    return locked


def section_unlock_statements(*, section: Section, user) -> Section:
    require_election_manager(user, section.election, "unlock statements")
    with transaction.atomic():
        locked = Section.objects.select_for_update().get(pk=section.pk)
        locked.statements_locked_at, locked.statements_locked_by = None, None
        locked.save(update_fields=["statements_locked_at", "statements_locked_by"])
    return locked


def candidate_update_profile(
    *, candidate: Candidate, user, photo=None, remove_photo: bool = False, show_gender: bool | None = None
) -> Candidate:
    """The candidate changes their photo and whether their gender is shown. Only they may."""
    require_candidate(user, candidate, "change their candidate profile")
    new_photo = prepared_photo(photo) if photo is not None else None
    storage = Candidate._meta.get_field("photo").storage
    written = ""
    try:
        with transaction.atomic():
            locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
            old_name = locked.photo.name if locked.photo else ""
            if show_gender is not None:
                locked.show_gender = show_gender
            if new_photo is not None:
                locked.photo.save(new_photo.name, new_photo, save=False)
                written = locked.photo.name
            elif remove_photo:
                locked.photo = ""
            locked.full_clean()
            locked.save()
            if old_name and old_name != (locked.photo.name if locked.photo else ""):
                transaction.on_commit(lambda: storage.delete(old_name))
    except Exception:
        if written:
            storage.delete(written)  # the row was rolled back: leave no orphan file behind
        raise
    return locked
