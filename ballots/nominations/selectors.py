"""Reads for nominations: the tracker's state (one shape for the page, API, CSV and websocket),
a CLP's current set, the trail, and who qualifies. Query counts stay bounded by the section size."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from ballots.nominations.models import (
    AffiliateNomination,
    Nomination,
    NominationChange,
    NominationRules,
    NominationRulesChange,
    NominationSet,
    ThresholdKind,
)
from elections.models import CLP, Candidate, Region, Section
from elections.wording import quantity

CURRENT = Nomination.Status.CURRENT


def stream_name(section: Section) -> str:
    return f"nominations-{section.pk}"


def nomination_rules_for(section: Section) -> NominationRules:
    """The section's rules, created with the defaults the first time they are asked for."""
    rules, _ = NominationRules.objects.select_related("section").get_or_create(section=section)
    return rules


def current_nominations(section: Section) -> QuerySet[Nomination]:
    return Nomination.objects.filter(section=section, status=CURRENT)


def qualified_candidate_ids(section: Section) -> set[int]:
    """Candidates (not withdrawn) who currently meet the section's nomination threshold."""
    return {row["id"] for row in candidate_rows(section) if row["qualified"]}


def _needed(rules: NominationRules) -> int:
    total = CLP.objects.count() if rules.threshold_kind == ThresholdKind.PERCENT_OF_CLPS else 0
    return rules.needed(total)


def rules_summary(rules: NominationRules) -> dict:
    needed = _needed(rules)
    unit = "affiliate" if rules.threshold_kind == ThresholdKind.AFFILIATES else "CLP"
    if rules.threshold_kind == ThresholdKind.PERCENT_OF_CLPS:
        label = f"{rules.threshold_value.normalize():f}% of all CLPs ({quantity(needed, 'CLP')})"
    else:
        label = quantity(needed, unit)
    return {
        "max_per_clp": rules.effective_max_per_clp,
        "min_women_per_clp": rules.min_women_per_clp,
        "threshold_kind": rules.threshold_kind,
        "threshold_value": str(rules.threshold_value.normalize()),
        "needed": needed,
        "needed_label": label,
        "counts_affiliates": rules.threshold_kind == ThresholdKind.AFFILIATES,
        "eligibility_months": rules.eligibility_months,
    }


def candidate_rows(section: Section, ids=None, rules: NominationRules | None = None) -> list[dict]:
    """Each candidate's CLP count, count by region, affiliate count and whether they qualify."""
    rules = rules or nomination_rules_for(section)
    summary = rules_summary(rules)
    candidates = section.candidates.select_related("home_clp").order_by("display_name")
    nominations = current_nominations(section)
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
        nominations = nominations.filter(candidate_id__in=ids)
    by_region: dict[int, dict[str, int]] = {}
    for row in nominations.values("candidate_id", "clp__region").annotate(n=Count("id")):
        by_region.setdefault(row["candidate_id"], {})[row["clp__region"]] = row["n"]
    rows = AffiliateNomination.objects.filter(candidate__in=candidates).values("candidate_id").annotate(n=Count("id"))
    affiliates = {row["candidate_id"]: row["n"] for row in rows}
    result = []
    for c in candidates:
        regions = by_region.get(c.pk, {})
        clps = sum(regions.values())
        got = affiliates.get(c.pk, 0) if summary["counts_affiliates"] else clps
        result.append({
            "id": c.pk, "name": c.display_name, "slug": c.slug, "home_clp": c.home_clp.name,
            "region": c.home_clp.get_region_display(), "withdrawn": c.withdrawn, "clps": clps,
            "affiliates": affiliates.get(c.pk, 0), "by_region": regions,
            "qualified": not c.withdrawn and got >= summary["needed"],
        })  # fmt: skip
    return sorted(result, key=lambda r: (-r["clps"], r["name"]))


def clp_entry(nominations: list[Nomination], clp: CLP) -> dict:
    """One CLP's current nominations as the tracker shows them."""
    first = nominations[0] if nominations else None
    return {
        "slug": clp.slug,
        "name": clp.name,
        "region": clp.region,
        "region_label": clp.get_region_display(),
        "candidates": [{"id": n.candidate_id, "name": n.candidate.display_name, "votes": n.votes} for n in nominations],
        "meeting_date": first.meeting_date.isoformat() if first else None,
        "method": first.method if first else None,
        "method_label": first.get_method_display() if first else None,
    }


def clp_rows(section: Section, clp: CLP | None = None) -> list[dict]:
    """CLPs with current nominations (or just ``clp``), each with its candidates."""
    qs = (
        current_nominations(section).select_related("clp", "candidate").order_by("clp__name", "candidate__display_name")
    )
    if clp is not None:
        qs = qs.filter(clp=clp)
    grouped: dict[int, list[Nomination]] = {}
    clps: dict[int, CLP] = {}
    for n in qs:
        grouped.setdefault(n.clp_id, []).append(n)
        clps[n.clp_id] = n.clp
    return [clp_entry(grouped[pk], clps[pk]) for pk in grouped]


def tracker(section: Section) -> dict:
    """The full public state of a section's nominations (JSON-serialisable)."""
    rules = nomination_rules_for(section)
    clps = clp_rows(section)
    return {
        "section": {"id": section.pk, "name": section.name, "election": section.election.name},
        "rules": rules_summary(rules),
        "total_clps": CLP.objects.count(),
        "clps_nominated": len(clps),
        "regions": [{"key": key, "label": label} for key, label in Region.choices],
        "candidates": candidate_rows(section, rules=rules),
        "clps": clps,
    }


def clp_set(section: Section, clp: CLP) -> tuple[NominationSet | None, list[Nomination]]:
    nset = NominationSet.objects.filter(section=section, clp=clp).first()
    if nset is None:
        return None, []
    current = list(
        nset.nominations.filter(status=CURRENT).select_related("candidate").order_by("candidate__display_name")
    )
    return nset, current


def trail(section: Section, clp: CLP | None = None) -> QuerySet[NominationChange]:
    """Every change, newest first, with what it added and ended (for staff and the CLP's officers)."""
    entries = Nomination.objects.select_related("candidate").order_by("candidate__display_name")
    qs = NominationChange.objects.filter(nomination_set__section=section)
    if clp is not None:
        qs = qs.filter(nomination_set__clp=clp)
    return qs.select_related("nomination_set__clp", "made_by").prefetch_related(
        Prefetch("added", queryset=entries), Prefetch("ended", queryset=entries)
    )


def clps_ever_nominated(section: Section) -> int:
    """CLPs that have recorded nominations in the section (current or since ended)."""
    return Nomination.objects.filter(section=section).values("clp_id").distinct().count()


RULE_LABELS = {
    "nomination_opens": "Nominations open", "nomination_closes": "Nominations close",
    "max_per_clp": "Most candidates one CLP may nominate", "min_women_per_clp": "Women among a CLP's nominees",
    "threshold_kind": "Threshold to reach the ballot", "threshold_value": "Threshold figure",
    "eligibility_months": "Months of membership a candidate needs",
}  # fmt: skip


def rule_changes(section: Section, *, after_nominations: bool = False) -> list[dict]:
    """Changes to the section's nomination rules, newest first, each with its rows (rule, before,
    after) in words; ``after_nominations``: only those made once CLPs had nominated (the tracker)."""
    qs = NominationRulesChange.objects.filter(section=section).select_related("made_by")
    if after_nominations:
        qs = qs.filter(clps_nominated__gt=0)
    return [
        {"change": c, "rows": [(RULE_LABELS.get(k, k), before, after) for k, (before, after) in c.changes.items()]}
        for c in qs
    ]


def unchecked_eligibility(section: Section) -> QuerySet[Candidate]:
    """Candidates with current nominations whose membership could not be checked (staff verify)."""
    ids = current_nominations(section).filter(eligibility_checked=False).values("candidate_id")
    return section.candidates.filter(pk__in=ids).order_by("display_name")


def affiliate_nominations(section: Section) -> QuerySet[AffiliateNomination]:
    return AffiliateNomination.objects.filter(candidate__section=section).select_related(
        "affiliate", "candidate", "recorded_by"
    )
