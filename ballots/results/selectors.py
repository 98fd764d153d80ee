"""Reads for results: what each person may see, and how counts of one set compare."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone

from ballots.results.models import BallotReturn, BallotSet, Count
from ballots.results.sheet import ordinal
from elections.models import AuditEntry, Section


def section_by_slugs(election_slug: str, section_slug: str) -> Section:
    return get_object_or_404(
        Section.objects.select_related("election"), election__slug=election_slug, slug=section_slug
    )


def declared_count(section: Section) -> Count | None:
    """The section's result as it stands: declared and not superseded by a declared recount."""
    current = Count.objects.filter(section=section, declared_at__isnull=False, superseded_at__isnull=True)
    return current.select_related("declared_by").first()


def declared_counts():
    """Every section's current declared result."""
    current = Count.objects.filter(declared_at__isnull=False, superseded_at__isnull=True)
    return current.select_related("section__election").order_by("-declared_at")


def declaration_chain(section: Section) -> list[Count]:
    """Every result declared for the section, first declared first (each but the last superseded)."""
    declared = Count.objects.filter(section=section, declared_at__isnull=False).select_related("declared_by")
    return list(declared.defer("result_json", "result_flows_json").order_by("declared_at", "id"))


def counts_would_be_trials(section: Section) -> bool:
    """A count run now is a trial: the section's ballot has not closed (a trial is never declared)."""
    return timezone.now() < section.ballot_closes


def ballot_sets_of(section: Section):
    return BallotSet.objects.filter(section=section).select_related("loaded_by")


def returns_of(section: Section):
    return BallotReturn.objects.filter(section=section).select_related("recorded_by")


def counts_of(section: Section):
    return (
        Count.objects.filter(section=section)
        .select_related("run_by", "ballot_set", "ballot_return")
        .defer("result_json", "result_flows_json")
    )


def ballot_set(pk: int) -> BallotSet:
    return get_object_or_404(BallotSet.objects.select_related("section__election", "loaded_by", "discarded_by"), pk=pk)


def ballot_return(pk: int) -> BallotReturn:
    return get_object_or_404(BallotReturn.objects.select_related("section__election", "recorded_by"), pk=pk)


def count(pk: int) -> Count:
    return get_object_or_404(
        Count.objects.select_related("section__election", "ballot_set", "ballot_return", "run_by", "declared_by"), pk=pk
    )


def counts_of_source(count: Count):
    """Every count of the same ballot set (or return), oldest first, for the recount table."""
    qs = Count.objects.filter(ballot_set=count.ballot_set, ballot_return=count.ballot_return)
    return list(qs.select_related("run_by").order_by("created_at", "id"))


SAME_ORDER = "same candidates, same order"
OTHER_ORDER = "same candidates, different order"
DIFFERENT = "different candidates"


def compare_elected(here: list[str], there: list[str], there_label: str) -> tuple[str, list[str]]:
    """(verdict, who differs) between the elected of this count and of another, in order."""
    if here == there:
        return SAME_ORDER, []
    if sorted(here) == sorted(there):
        moved = [
            f"{name}: {ordinal(i)} here, {ordinal(there.index(name) + 1)} in {there_label}"
            for i, name in enumerate(here, start=1)
            if there.index(name) + 1 != i
        ]
        return OTHER_ORDER, moved
    only_here = [n for n in here if n not in there]
    only_there = [n for n in there if n not in here]
    differs = []
    if only_here:
        differs.append(f"elected here, not in {there_label}: {', '.join(only_here)}")
    if only_there:
        differs.append(f"elected in {there_label}, not here: {', '.join(only_there)}")
    return DIFFERENT, differs


@dataclass(frozen=True)
class Agreement:
    count: Count
    same_elected: bool | None  # None until both counts are done
    same_tallies: bool | None
    identical: bool | None  # byte for byte
    verdict: str | None = None  # SAME_ORDER, OTHER_ORDER or DIFFERENT
    differences: tuple[str, ...] = ()


def agreement(reference: Count, others: list[Count]) -> list[Agreement]:
    """How each count compares with ``reference``: elected list, stage tallies, whole result."""
    from ballots.results.resultdata import result_from_json

    ref = result_from_json(reference.result_json) if reference.result_json else None
    out = []
    for other in others:
        if ref is None or not other.result_json:
            out.append(Agreement(other, None, None, None))
            continue
        res = result_from_json(other.result_json)
        same_elected = list(res.elected) == list(ref.elected)
        same_tallies = [dict(s.tallies) for s in res.stages] == [dict(s.tallies) for s in ref.stages]
        verdict, differences = compare_elected(list(ref.elected), list(res.elected), f"count {other.pk}")
        identical = other.result_sha256 == reference.result_sha256
        out.append(Agreement(other, same_elected, same_tallies, identical, verdict, tuple(differences)))
    return out


def audit_entries(section: Section | None = None):
    qs = AuditEntry.objects.select_related("actor", "section")
    return qs.filter(section=section) if section is not None else qs


def comparison(pk: int):
    from ballots.results.models import RuleComparison

    return get_object_or_404(
        RuleComparison.objects.select_related("section__election", "ballot_set", "count", "run_by"), pk=pk
    )


def comparisons_of(count: Count):
    return list(count.rule_comparisons.order_by("-created_at", "-id").defer("result_json"))
