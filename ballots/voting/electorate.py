"""Who may vote in a ballot, from the rules already on the section and the CLP.

Each rule is written twice, side by side, and a test holds the two together: as a database filter
(to draw up the electorate of 130,000 members in one query) and as a check of one member that says
why they cannot vote, in words they can act on.

Rules: good standing; membership from the section's freeze date; for a CLP ballot, membership of
the CLP; for a section ballot, the section's ``ElectorateRules`` (a region, and young members or
self-identified disabled or BAME members, as on a given date).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ballots.nominations.checks import day, months_before
from ballots.voting.models import ElectorateRules
from elections.models import CLP, Member, Region, Section

Group = ElectorateRules.Group


@dataclass(frozen=True)
class Electorate:
    section: Section
    clp: CLP | None = None
    rules: ElectorateRules | None = None  # a section ballot's; None for a CLP ballot


def rules_for(section: Section) -> ElectorateRules:
    rules, _ = ElectorateRules.objects.get_or_create(section=section)
    return rules


def for_ballot(ballot) -> Electorate:
    if ballot.clp_id:
        return Electorate(section=ballot.section, clp=ballot.clp)
    return Electorate(section=ballot.section, rules=rules_for(ballot.section))


def members(electorate: Electorate) -> QuerySet[Member]:
    section = electorate.section
    q = Q(in_good_standing=True, joined_on__lte=section.freeze_date)
    if electorate.clp is not None:
        q &= Q(clp=electorate.clp)
    rules = electorate.rules
    if rules is not None:
        if rules.region:
            q &= Q(clp__region=rules.region)
        if rules.group == Group.YOUTH:
            q &= Q(date_of_birth__gt=_born_after(rules))
        elif rules.group == Group.DISABLED:
            q &= Q(self_identified_disabled_on__lte=rules.date)
        elif rules.group == Group.BAME:
            q &= Q(self_identified_bame_on__lte=rules.date)
    return Member.objects.filter(q)


def _born_after(rules: ElectorateRules):
    """Under ``age_under`` on the date means born after this day."""
    return months_before(rules.date, 12 * rules.age_under)


@dataclass(frozen=True)
class Person:
    """How a reason names the member: "you" on their own page, their name on an officer's."""

    subject: str = "You"
    possessive: str = "Your"
    were: str = "were"

    @classmethod
    def named(cls, name: str | None) -> Person:
        return cls() if name is None else cls(name, f"{name}'s", "was")

    def low(self, word: str) -> str:
        return word.lower() if word in {"You", "Your"} else word


def reasons(electorate: Electorate, member: Member, person: str | None = None) -> list[str]:
    """Why ``member`` is not on this electorate's rules (empty: they are). ``person``: their name, for officers."""
    who = Person.named(person)
    section = electorate.section
    out = []
    if not member.in_good_standing:
        out.append(f"{who.possessive} membership is not in good standing.")
    if member.joined_on > section.freeze_date:
        out.append(
            f"{who.subject} joined on {day(member.joined_on)}, after the freeze date ({day(section.freeze_date)}): "
            "only members who joined by then can vote."
        )
    if electorate.clp is not None and member.clp_id != electorate.clp.pk:
        out.append(
            f"This ballot is for members of {electorate.clp}; {who.low(who.possessive)} membership is with {member.clp}."
        )
    if electorate.rules is not None:
        out.extend(_section_reasons(electorate.rules, member, who))
    return out


def _section_reasons(rules: ElectorateRules, member: Member, who: Person) -> list[str]:
    out = []
    their = who.low(who.possessive)
    if rules.region and member.clp.region != rules.region:
        out.append(
            f"This ballot is for members in {Region(rules.region).label}; {their} CLP, {member.clp}, "
            f"is in {member.clp.get_region_display()}."
        )
    on = day(rules.date)
    if rules.group == Group.YOUTH:
        if member.date_of_birth is None:
            out.append(
                f"This ballot is for members under {rules.age_under} on {on}; {their} membership record has no date of birth."
            )
        elif member.date_of_birth <= _born_after(rules):
            out.append(
                f"This ballot is for members under {rules.age_under} on {on}; "
                f"{who.low(who.subject)} {who.were} {rules.age_under} or older then."
            )
    elif rules.group in {Group.DISABLED, Group.BAME}:
        label = "disabled" if rules.group == Group.DISABLED else "BAME"
        since = member.self_identified_disabled_on if rules.group == Group.DISABLED else member.self_identified_bame_on
        if since is None or since > rules.date:
            out.append(
                f"This ballot is for members who self-identified as {label} by {on}; {their} membership record "
                "shows no such self-identification by then."
            )
    return out


def describe(electorate: Electorate) -> list[str]:
    """The rules in words, for the ballot page."""
    section = electorate.section
    lines = [f"Members in good standing who joined by the freeze date, {day(section.freeze_date)}."]
    if electorate.clp is not None:
        lines.append(f"Members of {electorate.clp}.")
    rules = electorate.rules
    if rules is not None:
        if rules.region:
            lines.append(f"Members in {Region(rules.region).label}.")
        if rules.group == Group.YOUTH:
            lines.append(f"Members under {rules.age_under} on {day(rules.date)}.")
        elif rules.group == Group.DISABLED:
            lines.append(f"Members who self-identified as disabled by {day(rules.date)}.")
        elif rules.group == Group.BAME:
            lines.append(f"Members who self-identified as BAME by {day(rules.date)}.")
    return lines
