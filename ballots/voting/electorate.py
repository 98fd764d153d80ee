"""Who may vote in a ballot, from the rules already on the section and the CLP.

Each rule is written once, as a database condition (``Rule.q``): the electorate of 130,000 members
is drawn with all of them in one query, and one member is checked against the same conditions in
one query that says which they fail. Beside each condition are only its words: the line the
ballot page shows, and the reason a member it does not admit is given, in words they can act on.

Rules: good standing; membership from the section's freeze date; for a CLP ballot, membership of
the CLP; for a section ballot, the section's ``ElectorateRules`` (a region, and young members or
self-identified disabled or BAME members, as on a given date).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

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
    q = Q()
    for rule in rules_of(electorate):
        q &= rule.q
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


@dataclass(frozen=True)
class Rule:
    """One condition of an electorate and its words. Whether a member is admitted is only ever
    ``q``; ``why`` only words the refusal from the member's record."""

    q: Q
    description: str  # the ballot page's line ("" when the line before already says it)
    why: Callable[[Member, Person], str]


def rules_of(electorate: Electorate) -> list[Rule]:
    section = electorate.section
    freeze = day(section.freeze_date)
    rules = [
        Rule(
            Q(in_good_standing=True),
            f"Members in good standing who joined by the freeze date, {freeze}.",
            lambda m, who: f"{who.possessive} membership is not in good standing.",
        ),
        Rule(
            Q(joined_on__lte=section.freeze_date),
            "",
            lambda m, who: (
                f"{who.subject} joined on {day(m.joined_on)}, after the freeze date ({freeze}): "
                "only members who joined by then can vote."
            ),
        ),
    ]
    clp = electorate.clp
    if clp is not None:
        rules.append(Rule(
            Q(clp=clp), f"Members of {clp}.",
            lambda m, who: f"This ballot is for members of {clp}; {who.low(who.possessive)} membership is with {m.clp}.",
        ))  # fmt: skip
    if electorate.rules is not None:
        rules += _section_rules(electorate.rules)
    return rules


def _section_rules(rules: ElectorateRules) -> list[Rule]:
    out, on = [], day(rules.date)
    if rules.region:
        region = Region(rules.region).label
        out.append(Rule(
            Q(clp__region=rules.region), f"Members in {region}.",
            lambda m, who: (f"This ballot is for members in {region}; {who.low(who.possessive)} CLP, {m.clp}, "
                            f"is in {m.clp.get_region_display()}."),
        ))  # fmt: skip
    if rules.group == Group.YOUTH:
        under = f"This ballot is for members under {rules.age_under} on {on}"

        def too_old(m: Member, who: Person) -> str:
            if m.date_of_birth is None:
                return f"{under}; {who.low(who.possessive)} membership record has no date of birth."
            return f"{under}; {who.low(who.subject)} {who.were} {rules.age_under} or older then."

        out.append(Rule(Q(date_of_birth__gt=_born_after(rules)), f"Members under {rules.age_under} on {on}.", too_old))
    elif rules.group in {Group.DISABLED, Group.BAME}:
        label = "disabled" if rules.group == Group.DISABLED else "BAME"
        field = "self_identified_disabled_on" if rules.group == Group.DISABLED else "self_identified_bame_on"
        out.append(Rule(
            Q(**{f"{field}__lte": rules.date}), f"Members who self-identified as {label} by {on}.",
            lambda m, who: (f"This ballot is for members who self-identified as {label} by {on}; "
                            f"{who.low(who.possessive)} membership record shows no such self-identification by then."),
        ))  # fmt: skip
    return out


def reasons(electorate: Electorate, member: Member, person: str | None = None) -> list[str]:
    """Why ``member`` is not on this electorate's rules (empty: they are). ``person``: their name,
    for officers. One query tells which conditions the member's record meets (a missing value
    meets none)."""
    rules = rules_of(electorate)
    met = (
        Member.objects.filter(pk=member.pk)
        .annotate(**{f"rule_{i}": ExpressionWrapper(r.q, output_field=BooleanField()) for i, r in enumerate(rules)})
        .values(*(f"rule_{i}" for i in range(len(rules))))
        .first()
    ) or {}
    who = Person.named(person)
    return [r.why(member, who) for i, r in enumerate(rules) if not met.get(f"rule_{i}")]


def describe(electorate: Electorate) -> list[str]:
    """The rules in words, for the ballot page."""
    return [r.description for r in rules_of(electorate) if r.description]
