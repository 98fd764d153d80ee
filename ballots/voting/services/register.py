"""Changes to a ballot's electorate while it is open: a logged late addition, and meeting codes.

A late addition is for a member the rules now admit who was left off when the electorate was drawn
up (for example, restored to good standing since). It needs a reason and goes in the audit log.
A meeting code lets a member on the electorate vote on a shared device at the meeting; it is shown
once to the secretary or chair, who hands it over, and stored only as a hash.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ballots.nominations.checks import when
from ballots.results.services import audit_record
from ballots.voting import electorate, permissions, receipts
from ballots.voting.models import ElectorateRules, OnlineBallot, RegisterMark, Voter
from ballots.voting.services.casting import publish_turnout
from elections.models import Member, Section
from elections.refusals import Conflict, Unprocessable

RULE_FIELDS = ("group", "region", "age_under", "on_date")


def _name(member: Member) -> str:
    return member.user.get_full_name() or member.user.username


def _require_open(ballot: OnlineBallot, now: dt.datetime, doing: str) -> None:
    _opens, closes = ballot.window()
    if ballot.sealed or now >= closes:
        raise Conflict(f"This ballot closed at {when(closes)}: {doing} now.", code="ballot_closed")


def voter_add(*, ballot: OnlineBallot, member: Member, user, reason: str, now: dt.datetime | None = None) -> Voter:
    """Add a member to an open ballot's electorate, with a reason, if the rules now admit them."""
    permissions.require_run(user, ballot)
    now = now or timezone.now()
    reason = (reason or "").strip()
    _require_open(ballot, now, "no one can be added")
    if Voter.objects.filter(ballot=ballot, member=member).exists():
        message = f"{_name(member)} is already on the electorate."
        raise Conflict(message, errors={"membership_number": [message]}, code="already_on_electorate")
    if not reason:
        raise Unprocessable(
            f"Give the reason for adding {_name(member)}: it is kept in the log.",
            errors={"reason": ["Give the reason for the addition."]}, code="reason_needed",
        )  # fmt: skip
    why = electorate.reasons(electorate.for_ballot(ballot), member, person=_name(member))
    if why:
        message = f"{_name(member)} cannot be added: " + " ".join(why)
        raise Unprocessable(message, errors={"membership_number": [message]}, code="not_eligible")
    with transaction.atomic():
        voter = Voter(ballot=ballot, member=member, added_by=user, added_reason=reason[:1000])
        voter.full_clean(exclude=["ballot", "member", "added_by"])
        voter.save()
        OnlineBallot.objects.filter(pk=ballot.pk).update(electorate_size=F("electorate_size") + 1)
        audit_record(
            actor=user, action="voting.voter_added", section=ballot.section, obj=ballot,
            details={"membership_number": member.membership_number, "reason": voter.added_reason},
        )  # fmt: skip
        publish_turnout(ballot.pk)
    return voter


def voter_code_issue(*, ballot: OnlineBallot, member: Member, user, now: dt.datetime | None = None) -> str:
    """A new one-time meeting code for ``member`` (any earlier code stops working). Returns the code."""
    permissions.require_run(user, ballot)
    now = now or timezone.now()
    if not ballot.meeting_codes:
        raise Conflict("This ballot is online only: members vote from their own accounts.", code="online_only")
    _require_open(ballot, now, "no codes can be given out")
    voter = Voter.objects.filter(ballot=ballot, member=member).first()
    if voter is None:
        message = f"{_name(member)} is not on the electorate of this ballot: add them first if the rules admit them."
        raise Unprocessable(message, errors={"membership_number": [message]}, code="not_on_electorate")
    if RegisterMark.objects.filter(voter=voter).exists():
        message = f"{_name(member)} has already voted in this ballot."
        raise Conflict(message, errors={"membership_number": [message]}, code="already_voted")
    code = receipts.new_code()
    with transaction.atomic():
        voter.code_hash, voter.code_issued_at = receipts.code_hash(ballot.pk, code, receipts.MEETING), now
        voter.save(update_fields=["code_hash", "code_issued_at"])
        audit_record(
            actor=user, action="voting.code_issued", section=ballot.section, obj=ballot,
            details={"membership_number": member.membership_number},
        )  # fmt: skip
    return code


def electorate_rules_update(*, section: Section, user, **changes) -> ElectorateRules:
    """Change who a section's ballot is for; refused once its ballot has opened."""
    permissions.require_run_section_ballot(user, section)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"not an electorate rule: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        Section.objects.select_for_update().get(pk=section.pk)
        opened = OnlineBallot.objects.filter(section=section, kind=OnlineBallot.Kind.SECTION).first()
        if opened is not None:
            raise Conflict(
                f"The electorate of {section.name} was drawn up when its ballot opened at {when(opened.opened_at)}; "
                "its rules cannot change now.",
                code="electorate_drawn",
            )
        rules = electorate.rules_for(section)
        for name, value in changes.items():
            setattr(rules, name, value)
        rules.full_clean()
        rules.save()
        audit_record(
            actor=user, action="voting.electorate_rules", section=section, obj=rules, details=_rules_details(rules)
        )
    return rules


def _rules_details(rules: ElectorateRules) -> dict:
    return {
        "group": rules.group, "region": rules.region, "age_under": rules.age_under,
        "on_date": rules.on_date.isoformat() if rules.on_date else None,
    }  # fmt: skip
