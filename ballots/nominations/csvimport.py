"""Import CLP nominations from a CSV export: a dry run shows every change and every bad line;
the real run records everything or nothing (one transaction).

Format (docs/nominations.md): header ``clp,candidate,date,method`` and optionally ``votes``; other
columns are ignored, so the tracker's own CSV download can be imported back. One line per
nomination; a CLP's lines together are its whole set. CLPs not in the file are left untouched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ballots.nominations import checks, selectors
from ballots.nominations.checks import Proposal
from ballots.nominations.models import MeetingMethod, NominationChange
from ballots.nominations.services import current_of, locked_set, plan_for, record_set
from elections.bounds import INT_MAX, parse_whole_number
from elections.models import CLP, Section
from elections.permissions import require_election_manager

REQUIRED = ("clp", "candidate", "date", "method")
METHOD_ALIASES = {
    **{value: value for value in MeetingMethod.values},
    **{label.lower(): value for value, label in MeetingMethod.choices},
    "multi-vote": "multi_vote", "multivote": "multi_vote", "multi vote": "multi_vote", "first-past-the-post": "fptp",
}  # fmt: skip


@dataclass
class ClpPlan:
    clp: CLP
    lines: list[int]
    action: str  # "submit", "correct" or "unchanged"
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason); 0 = the whole file
    plans: list[ClpPlan] = field(default_factory=list)
    committed: bool = False
    lines: int = 0

    @property
    def changes(self) -> list[ClpPlan]:
        return [p for p in self.plans if p.action != "unchanged"]


@dataclass
class _Group:
    clp: CLP
    lines: list[int] = field(default_factory=list)
    candidates: list = field(default_factory=list)
    dates: set = field(default_factory=set)
    methods: set = field(default_factory=set)
    votes: dict = field(default_factory=dict)


def nominations_import(*, section: Section, user, data: bytes, reason: str, commit: bool, now=None) -> ImportReport:
    """Check the file; with ``commit`` and no errors, record every CLP's set in one transaction."""
    require_election_manager(user, section.election, "import nominations")
    now = now or timezone.now()
    report = ImportReport()
    # Lock every CLP's set (in one order, so two imports cannot deadlock) before anything is
    # published: publishing takes the stream's lock, which an officer's submission also needs.
    groups = sorted(_parse(section, data, report), key=lambda g: g.clp.pk)
    with transaction.atomic():
        rules = selectors.nomination_rules_for(section)
        for group in groups:
            _plan_group(section, rules, group, reason, now, report)
        if commit and not report.errors:
            for group in filter(lambda g: _needs_change(report, g), groups):
                record_set(
                    section=section, clp=group.clp, user=user, proposal=_proposal(group), reason=reason,
                    source=NominationChange.Source.CSV, now=now,
                )  # fmt: skip
            report.committed = True
        else:
            transaction.set_rollback(True)  # a dry run, or a bad file: nothing stays behind
    report.errors.sort()
    report.plans.sort(key=lambda p: p.clp.name)
    return report


def _needs_change(report: ImportReport, group: _Group) -> bool:
    return any(p.clp.pk == group.clp.pk and p.action != "unchanged" for p in report.plans)


def _proposal(group: _Group) -> Proposal:
    return Proposal(
        candidates=group.candidates,
        meeting_date=next(iter(group.dates)) if len(group.dates) == 1 else None,
        method=next(iter(group.methods)) if len(group.methods) == 1 else "",
        votes=group.votes,
    )


def _plan_group(section, rules, group: _Group, reason: str, now, report: ImportReport) -> None:
    where = f"{group.clp.name} (line{'s' if len(group.lines) > 1 else ''} {', '.join(map(str, group.lines))})"
    first = group.lines[0]
    if len(group.dates) > 1 or len(group.methods) > 1:
        report.errors.append(
            (
                first,
                f"{where}: a CLP's nominations come from one meeting, but its lines give different dates or methods.",
            )
        )
        return
    proposal = _proposal(group)
    nset = locked_set(section, group.clp)
    current = current_of(nset)
    plan = plan_for(current, proposal)
    reasons = checks.window_reasons(section, now) + checks.set_reasons(section, rules, proposal, now)
    if current and not plan.empty and not reason.strip():
        reasons.append("it already has nominations recorded, so give a reason for the correction.")
    for message in dict.fromkeys(reasons):
        report.errors.append((first, f"{where}: {message}"))
    action = "unchanged" if current and plan.empty else ("correct" if current else "submit")
    report.plans.append(ClpPlan(
        clp=group.clp, lines=group.lines, action=action,
        added=[c.display_name for c in plan.added], changed=[c.display_name for _o, c in plan.changed],
        removed=[n.candidate.display_name for n in plan.removed],
    ))  # fmt: skip


def _parse(section: Section, data: bytes, report: ImportReport) -> list[_Group]:
    text = _text(data, report)
    if text is None:
        return []
    # newline="" so that a file saved with old Mac (CR-only) line endings splits into lines too.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if not _header_ok(header, report):
            return []
        groups = _read_lines(section, reader, header, report)
    except csv.Error as exc:
        report.errors.append((reader.line_num, f"Line {reader.line_num}: this is not CSV that can be read ({exc})."))
        return []
    if not report.lines and not report.errors:
        report.errors.append((0, "The file has a header but no nominations: there is nothing to import."))
    return groups


def _text(data: bytes, report: ImportReport) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.errors.append(
            (0, f"The file is not UTF-8 text (bad byte at position {exc.start}); save it as CSV UTF-8.")
        )
        return None
    if not text.strip():
        report.errors.append((0, "The file is empty: export the nominations as CSV and upload that file."))
        return None
    return text


def _header_ok(header: list[str], report: ImportReport) -> bool:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        report.errors.append(
            (1, f"The header must name the columns clp, candidate, date, method; missing: {', '.join(missing)}.")
        )
    return not missing


def _read_lines(section: Section, reader, header: list[str], report: ImportReport) -> list[_Group]:
    clps = {}
    for clp in CLP.objects.all():
        clps[clp.name.strip().lower()] = clps[clp.slug] = clp
    candidates = {}
    for c in section.candidates.select_related("user__member"):
        candidates[c.display_name.strip().lower()] = candidates[c.slug] = c
    groups: dict[int, _Group] = {}
    seen: dict[tuple[int, int], int] = {}
    limit = settings.NOMINATIONS_IMPORT_MAX_LINES
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if report.lines == limit:
            report.errors.append((line, f"Line {line}: the file has more than {limit:,} nominations; split it."))
            break
        report.lines += 1
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        _parse_line(line, cells, clps, candidates, groups, seen, report)
    return list(groups.values())


def _parse_line(line, cells, clps, candidates, groups, seen, report) -> None:
    problems = []
    clp = clps.get(cells["clp"].lower())
    if clp is None:
        problems.append(f"no CLP called {cells['clp']!r}" if cells["clp"] else "the CLP is blank")
    candidate = candidates.get(cells["candidate"].lower())
    if candidate is None:
        problems.append(
            f"no candidate called {cells['candidate']!r} in this section"
            if cells["candidate"]
            else "the candidate is blank"
        )
    date = _date(cells["date"])
    if date is None:
        problems.append(f"the date {cells['date']!r} is not a date like 2026-06-17 or 17/06/2026")
    method = METHOD_ALIASES.get(cells["method"].lower())
    if method is None:
        problems.append(f"the method {cells['method']!r} is not one of fptp, stv, multi_vote, uncontested")
    votes, votes_text = None, cells.get("votes", "")
    if votes_text:
        votes = parse_whole_number(votes_text, INT_MAX)
        if votes is None:
            problems.append(f"the votes {votes_text!r} are not a whole number from 0 to {INT_MAX:,}")
    if clp and candidate and (clp.pk, candidate.pk) in seen:
        problems.append(
            f"it repeats line {seen[clp.pk, candidate.pk]} ({clp.name} nominating {candidate.display_name})"
        )
    if problems:
        report.errors.append((line, f"Line {line}: " + "; ".join(problems) + "."))
        return
    seen[clp.pk, candidate.pk] = line
    group = groups.setdefault(clp.pk, _Group(clp=clp))
    group.lines.append(line)
    group.candidates.append(candidate)
    group.dates.add(date)
    group.methods.add(method)
    if votes is not None:
        group.votes[candidate.pk] = votes


def _date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
