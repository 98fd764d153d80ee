"""Reads for the analysis of a count: the section's slates and nominations joined to the plain
analysis in ``ballots.analysis``, laid out as the tables the page, the API and the downloads share.

Every figure stays the decimal text the rule wrote (``ballots.analysis.flows.fmt``), never a float;
shares are written to one decimal place. The analysis of a count never changes (a count is never
edited), so it is cached under the count's result hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.cache import cache

from ballots.analysis import flows, papers
from ballots.counting.model import Election, Result
from ballots.nominations.selectors import candidate_rows
from ballots.results.resultdata import result_from_json, result_to_json
from ballots.results.services import count_worked_again, counted_election
from ballots.results.sheet import outcomes
from elections.models import Endorsement, Section
from elections.refusals import Conflict

NOT_REPRODUCED = (
    "This count was stored before the engine's record of each stage's transfers was kept, and counting its "
    "stored inputs again with this version of the engine does not give the same result, so its transfers "
    "cannot be shown."
)
TABLES = ("votes", "transfers", "slate-transfers", "slate-stages", "discipline")


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Each cell with its column's name (a phone stacks the cells and names each one)."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]

    def as_json(self) -> dict:
        return {"table": self.slug, "title": self.title, "note": self.note, "columns": list(self.columns),
                "rows": [dict(zip(self.columns, row, strict=True)) for row in self.rows]}  # fmt: skip


@dataclass
class CountAnalysis:
    result: Result
    places: int
    groups: dict[str, str]  # candidate name -> slate label ("" for an independent)
    group_order: tuple[str, ...]
    stage_flows: list[flows.StageFlow]
    slates: flows.SlateFlows
    first: papers.FirstPreferences | None  # None for a scrutineer's return (no papers)
    discipline: list[papers.Discipline] = field(default_factory=list)
    nominations: dict[str, int] = field(default_factory=dict)


def slate_groups(section: Section) -> tuple[dict[str, str], tuple[str, ...]]:
    """Each candidate's slate as recorded (a candidate endorsed by two slates is in a group of
    both, named together), and the slates in order of name."""
    endorsed: dict[str, list[str]] = {}
    for e in Endorsement.objects.filter(candidate__section=section).select_related("slate", "candidate"):
        endorsed.setdefault(e.candidate.display_name, []).append(e.slate.name)
    groups = {name: " and ".join(sorted(slates)) for name, slates in endorsed.items()}
    return groups, tuple(sorted(set(groups.values())))


def count_analysis(count) -> CountAnalysis:
    key = f"count-analysis:{count.pk}:{count.result_sha256}"
    found = cache.get(key)
    if found is None:
        found = _analyse(count)
        cache.set(key, found, timeout=3600)
    return found


def result_with_flows(count) -> Result:
    """The count's result with the engine's record of each stage's transfers, as stored by its run.
    A count stored before that record was kept is counted again from its stored inputs, and used
    only if that gives exactly the stored result."""
    if count.result_flows_json:
        return result_from_json(count.result_flows_json)
    again = count_worked_again(count)
    if result_to_json(again) != count.result_json:
        raise Conflict(NOT_REPRODUCED, code="not_reproduced")
    return again


def _analyse(count) -> CountAnalysis:
    result = result_with_flows(count)
    groups, order = slate_groups(count.section)
    election = _election(count) if count.ballot_set_id else None
    return CountAnalysis(
        result=result,
        places=flows.places_of(result),
        groups=groups,
        group_order=order,
        stage_flows=flows.stage_flows(result),
        slates=flows.slate_flows(result, groups, order),
        first=papers.first_preferences(election) if election else None,
        discipline=papers.slate_discipline(election, groups, order) if election else [],
        nominations={row["name"]: row["clps"] for row in candidate_rows(count.section)},
    )


def _election(count) -> Election:
    return counted_election(count)


def _share(part, whole) -> str:
    """part / whole as a percentage to one place, worked in exact fractions ("" when whole is 0)."""
    if not whole:
        return ""
    tenths = round(Fraction(part) * 1000 / Fraction(whole))
    sign = "-" if tenths < 0 else ""
    return f"{sign}{abs(tenths) // 10}.{abs(tenths) % 10}%"


def tables(a: CountAnalysis) -> dict[str, Table]:
    return {
        "votes": votes_table(a),
        "transfers": transfers_table(a),
        "slate-transfers": slate_table(a),
        "slate-stages": slate_stage_table(a),
        "discipline": discipline_table(a),
    }


def votes_table(a: CountAnalysis) -> Table:
    fate = outcomes(a.result)
    final = flows.final_totals(a.result)
    votes = a.first.votes if a.first else {}
    counted = sum(votes.values())
    rows = []
    for name in a.result.candidates:
        first = votes.get(name)
        rows.append((
            name, a.groups.get(name) or flows.INDEPENDENT, str(a.nominations.get(name, 0)),
            "" if first is None else str(first), "" if first is None else _share(first, counted),
            flows.fmt(final.get(name, Decimal(0)), a.places), fate[name],
        ))  # fmt: skip
    note = ""
    if a.first and (a.first.shared_first or a.first.blank):
        note = f"{a.first.shared_first} papers had a first mark shared by several candidates and {a.first.blank} had no mark for anyone standing: they are no one's first preference."
    return Table("votes", "CLP nominations, first preferences and final totals",
                 ("Candidate", "Slate", "CLP nominations", "First preferences", "Share of first preferences",
                  "Final total", "Outcome"), tuple(rows), note)  # fmt: skip


def transfers_table(a: CountAnalysis) -> Table:
    rows = []
    for f in a.stage_flows:
        for name, value in f.given.items():
            rows.append((f.stage, f.action, name, "-" + flows.fmt(value, a.places)))
        for name, value in sorted(f.received.items(), key=lambda kv: -kv[1]):
            rows.append((f.stage, f.action, name, "+" + flows.fmt(value, a.places)))
        for label, value in ((flows.EXHAUSTED, f.exhausted), (flows.LOSS, f.loss)):
            if value:
                rows.append((f.stage, f.action, label, flows.fmt(value, a.places)))
    return Table("transfers", "Transfers at each stage", ("Stage", "Action", "Candidate or pile", "Change"),
                 tuple(rows), "A minus sign: votes given up at that stage; a plus sign: votes received.")  # fmt: skip


def slate_table(a: CountAnalysis) -> Table:
    rows = []
    for source, row in _ordered_totals(a):
        moved = sum(row.values(), Decimal(0))
        for dest, value in row.items():
            rows.append((source, _dest_label(source, dest), flows.fmt(value, a.places), _share(value, moved)))
    return Table("slate-transfers", "Transfers by slate over the whole count",
                 ("From", "To", "Votes", "Share of what that group passed on"), tuple(rows))  # fmt: skip


NOT_SLATES = (flows.INDEPENDENT, flows.EXHAUSTED, flows.LOSS)  # groups that are no one's slate


def _dest_label(source: str, dest: str) -> str:
    return f"{dest} (own slate)" if dest == source and source not in NOT_SLATES else dest


def _ordered_totals(a: CountAnalysis):
    keys = [*a.slates.groups, flows.EXHAUSTED, flows.LOSS]  # the piles last: only when giving value back
    dests = [*a.slates.groups, flows.EXHAUSTED, flows.LOSS]
    for source in keys:
        row = a.slates.totals.get(source)
        if row:
            yield source, {d: row[d] for d in dests if d in row}


def slate_stage_table(a: CountAnalysis) -> Table:
    rows = []
    for g in a.slates.stages:
        for dest, value in g.to.items():
            rows.append((g.stage, g.source, _dest_label(g.source, dest), flows.fmt(value, a.places)))
    return Table("slate-stages", "Transfers by slate at each stage", ("Stage", "From", "To", "Votes"),
                 tuple(rows))  # fmt: skip


def discipline_table(a: CountAnalysis) -> Table:
    rows = []
    for d in a.discipline:
        for depth, count in enumerate(d.by_depth, start=1):
            kept = "all of the slate" if depth == d.size else f"{depth} of {d.size}"
            rows.append((d.slate, str(d.papers), kept, str(count), _share(count, d.papers)))
    return Table("discipline", "Slate discipline: how far down papers keep to the slate of their first preference",
                 ("Slate", "Papers with a first preference on the slate", "Kept to the slate for",
                  "Papers", "Share"), tuple(rows),
                 "Counted from the papers: how many of the slate's candidates each paper ranks first, before "
                 "any other candidate or the end of the paper.")  # fmt: skip
