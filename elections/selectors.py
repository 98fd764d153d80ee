"""Reads for the elections pages, shaped to keep query counts bounded."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from elections.models import CLP, Candidate, Election, Endorsement, Section, Slate


def election_by_slug(slug: str) -> Election:
    return get_object_or_404(Election, slug=slug)


def section_by_slugs(election_slug: str, section_slug: str) -> Section:
    return get_object_or_404(Section.objects.select_related("election"), election__slug=election_slug, slug=section_slug)


def candidates_in(section: Section) -> QuerySet[Candidate]:
    endorsements = Endorsement.objects.select_related("slate").order_by("slate__name")
    return (
        section.candidates.select_related("home_clp")
        .prefetch_related(Prefetch("endorsements", queryset=endorsements))
        .order_by("display_name")
    )


def slates_with_candidates(election: Election) -> QuerySet[Slate]:
    endorsements = Endorsement.objects.select_related("candidate__home_clp", "candidate__section").order_by("position")
    return election.slates.prefetch_related(Prefetch("endorsements", queryset=endorsements))


def clps_by_region() -> dict[str, list[CLP]]:
    grouped: dict[str, list[CLP]] = {}
    for clp in CLP.objects.order_by("region", "name"):
        grouped.setdefault(clp.get_region_display(), []).append(clp)
    return grouped
