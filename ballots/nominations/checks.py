"""The nomination rules, each a small check that returns the reasons a proposed set breaks it.

Every check runs on every submission so a refusal lists all of its reasons at once. Nothing here
writes; ``services`` calls these while holding the CLP's set row lock.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from ballots.nominations.models import MeetingMethod, NominationRules
from elections import wording
from elections.models import Candidate, Section
from elections.wording import quantity


@dataclass
class Proposal:
    """A CLP's set as submitted: candidates in the order given (duplicates kept, to be reported)."""

    candidates: list[Candidate]
    meeting_date: dt.date | None
    method: str
    votes: dict[int, int | None] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # identifiers that matched no candidate


when = wording.moment
day = wording.day


def window_reasons(section: Section, now: dt.datetime) -> list[str]:
    if now < section.nomination_opens:
        return [
            f"Nominations for {section.name} open at {when(section.nomination_opens)}; nothing can be recorded before then."
        ]
    if now >= section.nomination_closes:
        return [
            f"Nominations for {section.name} closed at {when(section.nomination_closes)}; nothing can be recorded, amended or withdrawn now."
        ]
    return []


def months_before(date: dt.date, months: int) -> dt.date:
    year, month = divmod(date.year * 12 + date.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def eligibility(candidate: Candidate, rules: NominationRules, section: Section) -> tuple[bool | None, str]:
    """(True, "") eligible; (False, reason) not; (None, note) the membership data cannot tell."""
    months = rules.eligibility_months
    if not months:
        return True, ""
    member = getattr(candidate.user, "member", None) if candidate.user_id else None
    if member is None:
        return None, f"{candidate.display_name}'s membership could not be checked: no membership record is linked."
    if not member.in_good_standing:
        return False, f"{candidate.display_name} is not a member in good standing."
    closes = timezone.localtime(section.nomination_closes).date()
    cutoff = months_before(closes, months)
    if member.joined_on > cutoff:
        needed = quantity(months, "month's", "months'")
        return False, (
            f"{candidate.display_name} will not have {needed} continuous membership when nominations close "
            f"(joined {day(member.joined_on)}; needed to have joined by {day(cutoff)})."
        )
    return True, ""


def set_reasons(section: Section, rules: NominationRules, proposal: Proposal, now: dt.datetime) -> list[str]:
    """Every reason the proposed set breaks the section's rules (empty: it may be recorded)."""
    reasons = [f"{name} is not a candidate in {section.name}." for name in proposal.unknown]
    chosen = proposal.candidates
    if not chosen and not proposal.unknown:
        reasons.append("Choose at least one candidate to nominate.")
    seen: set[int] = set()
    for candidate in chosen:
        if candidate.pk in seen:
            reasons.append(
                f"{candidate.display_name} is listed more than once: a CLP may nominate each candidate only once."
            )
        seen.add(candidate.pk)
        if candidate.section_id != section.pk:
            reasons.append(f"{candidate.display_name} is not a candidate in {section.name}.")
        elif candidate.withdrawn:
            reasons.append(f"{candidate.display_name} has withdrawn from the contest and cannot be nominated.")
    limit = rules.effective_max_per_clp
    if len(seen) > limit:
        reasons.append(
            f"A CLP may nominate at most {quantity(limit, 'candidate')} in {section.name}; this set has {len(seen)}."
        )
    reasons += _women_reasons(rules, chosen)
    for candidate in {c.pk: c for c in chosen}.values():
        ok, why = eligibility(candidate, rules, section)
        if ok is False:
            reasons.append(why)
    reasons += _meeting_reasons(proposal, now)
    return reasons


def _women_reasons(rules: NominationRules, chosen: list[Candidate]) -> list[str]:
    unique = {c.pk: c for c in chosen}.values()
    if not rules.min_women_per_clp or len(unique) <= 1:
        return []
    needed = min(rules.min_women_per_clp, len(unique))
    women = [c.display_name for c in unique if c.counts_as_woman]
    if len(women) >= needed:
        return []
    must = "1 must be a woman" if needed == 1 else f"{needed} must be women"
    has = f"{quantity(len(women), 'woman')} ({', '.join(women)})" if women else "no women"
    return [f"When a CLP nominates more than one candidate, at least {must}; this set has {has}."]


def _meeting_reasons(proposal: Proposal, now: dt.datetime) -> list[str]:
    reasons = []
    if proposal.meeting_date is None:
        reasons.append("Give the date of the meeting that decided the nominations.")
    elif proposal.meeting_date > timezone.localtime(now).date():
        reasons.append(f"The meeting date ({day(proposal.meeting_date)}) is in the future.")
    if proposal.method not in MeetingMethod.values:
        reasons.append("Say how the meeting decided: first past the post, STV, multi-vote ballot or uncontested.")
    chosen = {c.pk for c in proposal.candidates}
    for candidate_id, votes in proposal.votes.items():
        if votes is None:
            continue
        if candidate_id not in chosen:
            reasons.append("Votes can be given only for candidates the CLP nominates.")
        elif votes < 0:
            reasons.append("Votes at the meeting cannot be negative.")
    return list(dict.fromkeys(reasons))
