"""Reads for the elections pages, shaped to keep query counts bounded."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from elections import extensions, wording
from elections.models import CLP, Candidate, Election, Endorsement, Region, Section, Slate, Statement, StatementKind


def election_by_slug(slug: str) -> Election:
    return get_object_or_404(Election, slug=slug)


def section_by_slugs(election_slug: str, section_slug: str) -> Section:
    return get_object_or_404(
        Section.objects.select_related("election"), election__slug=election_slug, slug=section_slug
    )


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


def ballot_status_for(section: Section) -> dict[int, bool] | None:
    """Whether each candidate of ``section`` has reached the ballot, or None if nobody can say yet.

    The nominations app answers, when installed, through ``elections.extensions`` (it registers
    which candidates have qualified); without it, pages hide the "reached the ballot" filter.
    """
    provider = extensions.ballot_status_provider()
    if provider is None:
        return None
    qualified = set(provider(section))
    return {pk: pk in qualified for pk in section.candidates.values_list("pk", flat=True)}


@dataclass(frozen=True)
class CandidateFilters:
    """What a member asked for on the browse page (all optional, all from the query string)."""

    slate: str = ""  # a slate's slug, or "none" for candidates no slate endorses
    region: str = ""
    clp: str = ""  # home CLP slug
    on_ballot: str = ""  # "yes" | "no"
    q: str = ""

    @classmethod
    def from_query(cls, query) -> CandidateFilters:
        def value(name: str) -> str:
            return (query.get(name) or "").strip()[:100]

        return cls(value("slate"), value("region"), value("clp"), value("on_ballot"), value("q"))

    @property
    def active(self) -> bool:
        return any([self.slate, self.region, self.clp, self.on_ballot, self.q])


def _with_published_statements(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    statements = Statement.objects.select_related("published")
    return candidates.prefetch_related(Prefetch("statements", queryset=statements))


def browse_candidates(
    section: Section, filters: CandidateFilters, ballot_status: dict[int, bool] | None = None
) -> QuerySet[Candidate]:
    """The section's candidates matching the filters, with what the list shows prefetched
    (a fixed number of queries however many candidates there are)."""
    candidates = candidates_in(section)
    if filters.slate == "none":
        candidates = candidates.filter(endorsements__isnull=True)
    elif filters.slate:
        candidates = candidates.filter(endorsements__slate__slug=filters.slate)
    if filters.region:
        candidates = candidates.filter(home_clp__region=filters.region)
    if filters.clp:
        candidates = candidates.filter(home_clp__slug=filters.clp)
    if filters.q:
        terms = filters.q.split()
        for term in terms:
            candidates = candidates.filter(display_name__icontains=term)
    if ballot_status is not None and filters.on_ballot in {"yes", "no"}:
        wanted = filters.on_ballot == "yes"
        candidates = candidates.filter(pk__in=[pk for pk, on in ballot_status.items() if on == wanted])
    return _with_published_statements(candidates.distinct())


def filter_choices(section: Section) -> dict:
    """Options for the browse form: the election's slates, regions and the candidates' home CLPs."""
    clps = CLP.objects.filter(home_candidates__section=section).distinct().order_by("name")
    return {
        "slates": list(section.election.slates.order_by("name")),
        "regions": Region.choices,
        "clps": list(clps),
    }


def candidate_with_statements(section: Section, slug: str) -> Candidate:
    return get_object_or_404(_with_published_statements(candidates_in(section)), slug=slug)


def statements_by_kind(candidate: Candidate) -> dict[str, Statement | None]:
    """{"long-form": Statement | None, "ballot": ...} from the prefetched statements."""
    found = {s.kind: s for s in candidate.statements.all()}
    return {kind: found.get(kind) for kind in StatementKind.values}


def published_view(statement: Statement | None) -> dict:
    """What a member sees of a statement: its published text, the withdrawal notice, or nothing."""
    if statement is None or statement.published is None:
        return {"state": "none"}
    if statement.hidden:
        return {"state": "hidden", "reason": statement.hidden_reason}
    return {"state": "published", "revision": statement.published}


def candidates_to_compare(section: Section, slugs: list[str]) -> list[Candidate]:
    """The chosen candidates in the order chosen (unknown slugs are ignored)."""
    found = {c.slug: c for c in _with_published_statements(candidates_in(section)).filter(slug__in=slugs)}
    return [found[slug] for slug in dict.fromkeys(slugs) if slug in found]


def statement_of(candidate: Candidate, kind: str) -> Statement | None:
    return Statement.objects.filter(candidate=candidate, kind=kind).select_related("published", "hidden_by").first()


def _ballot_happenings(now) -> list:
    found = []
    for section in Section.objects.select_related("election").filter(ballot_closes__gt=now):
        if section.ballot_opens <= now:
            found.append(extensions.Happening(
                "now", f"The ballot is open: {section}", f"Members in good standing on {wording.day(section.freeze_date)} "
                f"can vote until {wording.moment(section.ballot_closes)}.", section.get_absolute_url(),
                "See the candidates", section.ballot_closes, section.pk,
            ))  # fmt: skip
        elif section.nomination_closes <= now:
            found.append(extensions.Happening(
                "next", f"The ballot opens: {section}", f"From {wording.moment(section.ballot_opens)} to "
                f"{wording.moment(section.ballot_closes)}.", section.get_absolute_url(), "See the candidates",
                section.ballot_opens, section.pk,
            ))  # fmt: skip
    return found


def _candidate_happenings(user, now) -> list:
    found = []
    for candidate in user.candidacies.select_related("section__election").prefetch_related("statements"):
        section = candidate.section
        if section.statements_locked or section.ballot_closes <= now:
            continue
        missing = [s.get_kind_display().lower() for s in candidate.statements.all() if s.published_id is None]
        kinds = {s.kind for s in candidate.statements.all()}
        missing += [label.lower() for kind, label in StatementKind.choices if kind not in kinds]
        if missing:
            found.append(extensions.Happening(
                "to do", f"Publish your {' and '.join(sorted(missing))}", f"Members of {section} read them before "
                "they vote." + (f" {section.statements_lock_reason}" if section.statements_locked_at else ""),
                candidate.get_absolute_url(), "Your candidate page", section.statements_locked_at or section.ballot_opens,
                section.pk,
            ))  # fmt: skip
    return found


def home_happenings(user, now) -> list:
    """What is happening now for this person, soonest first (see elections.extensions)."""
    own = _ballot_happenings(now) + (_candidate_happenings(user, now) if user.is_authenticated else [])
    return sorted(own + extensions.happenings(user, now), key=extensions.order)
