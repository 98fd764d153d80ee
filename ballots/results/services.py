"""Writes for results: load ballot sets, record returns, run counts, declare, audit.

Every service checks who is acting (``permissions``), refuses once a section's result is
declared, writes inside a transaction and records itself in the audit log.
"""

from __future__ import annotations

import dataclasses
import os
import time
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from ballots.counting import methods as engine_methods
from ballots.counting.model import CountError, CountOptions
from ballots.counting.version import ENGINE_VERSION
from ballots.models import AuditEntry, BallotReturn, BallotSet, Count
from ballots.results import arithmetic, ballotfiles, resultdata, selectors
from ballots.results.permissions import require_manage
from elections.models import Candidate, Gender, Section
from elections.permissions import require

RETURN_METHODS = ("fptp", "block")


class BallotFileRejected(Exception):
    """The file was not stored; ``report`` says why, line by line."""

    def __init__(self, report: ballotfiles.LoadReport) -> None:
        self.report = report
        super().__init__("; ".join(report.errors) or f"{report.problems_total} broken lines")


# -- audit -------------------------------------------------------------------------------------
def audit_record(*, actor, action: str, section: Section | None = None, obj=None, details: dict | None = None) -> AuditEntry:
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        section=section,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "pk", None),
        details=details or {},
    )
    entry.full_clean()
    entry.save()
    return entry


def require_not_declared(section: Section) -> None:
    declared = selectors.declared_count(section)
    if declared is not None:
        when = timezone.localtime(declared.declared_at)
        require(
            False,
            f"The result of {section} was declared at {when:%H:%M} on {when:%-d %B %Y}; it is locked, "
            "so nothing more can be loaded, counted or declared for it.",
        )


# -- ballot sets -------------------------------------------------------------------------------
def map_candidates(section: Section, names: tuple[str, ...], mapping: str, report: ballotfiles.LoadReport) -> None:
    """Fill ``report.candidates``; unmatched names become errors that list what would match."""
    candidates = sorted(section.candidates.all(), key=lambda c: c.display_name.casefold())
    report.mapping = mapping
    if mapping == BallotSet.Mapping.BY_POSITION:
        if len(names) != len(candidates):
            report.errors.append(
                f"The file lists {len(names)} candidates but {section} has {len(candidates)}: "
                "mapping by position needs the same number."
            )
            return
        report.candidates = [(n, c.pk, c.display_name) for n, c in zip(names, candidates)]
        report.warnings.append(
            "Candidates were matched by position: candidate 1 in the file is the first section candidate in "
            "alphabetical order, and so on. Check the table below before counting."
        )
        return
    by_name = {_key(c.display_name): c for c in candidates}
    report.candidates = [(n, getattr(by_name.get(_key(n)), "pk", None), getattr(by_name.get(_key(n)), "display_name", "")) for n in names]
    unmatched = [n for n, pk, _ in report.candidates if pk is None]
    if unmatched:
        report.errors.append(
            f"These names in the file are not candidates in {section}: {', '.join(unmatched)}. "
            f"The section's candidates are: {', '.join(c.display_name for c in candidates)}. "
            "Correct the names, or load the file matching candidates by position."
        )
    missing = sorted({c.display_name for c in candidates if not c.withdrawn} - {d for _, _, d in report.candidates})
    if missing and not unmatched:
        report.warnings.append(f"Not in the file (no votes possible): {', '.join(missing)}.")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def ballot_set_check(*, section: Section, fileobj: BinaryIO, filename: str, mapping: str = "name", progress=None):
    """(report, election or None): the whole validation, with nothing written."""
    report = ballotfiles.LoadReport(filename=filename, mapping=mapping)
    fileobj.seek(0, os.SEEK_END)
    report.size_bytes = fileobj.tell()
    if filename.lower().endswith(".csv"):
        report.format = BallotSet.Format.CSV
        election = _read_csv(fileobj, report, section.seats)
    else:
        election = ballotfiles.read_election(fileobj, report, progress)
    if election is None:
        return report, None
    map_candidates(section, election.candidates, mapping, report)
    if report.format == BallotSet.Format.BLT and election.seats != section.seats:
        report.warnings.append(
            f"The file says {election.seats} seats; {section} has {section.seats}. Counts use the section's "
            "number unless you change it when you run the count."
        )
    existing = BallotSet.objects.filter(section=section, sha256=report.sha256).first()
    if existing:
        report.errors.append(f"This exact file (SHA-256 {report.sha256[:12]}…) was already loaded as ballot set {existing.pk}.")
    return report, election


def _read_csv(fileobj, report, seats: int):
    """CSV files are read whole (the engine's CSV reader takes bytes): the web limit applies."""
    fileobj.seek(0)
    data = fileobj.read()
    election = ballotfiles.read_csv_election(data, seats, report)
    return election


def ballot_set_load(
    *, section: Section, user, fileobj: BinaryIO, filename: str, mapping: str = "name",
    electorate: int | None = None, progress=None,
) -> BallotSet:
    """Validate the whole file, then store it with its hash; a refused file stores nothing."""
    require_manage(user, section, "load ballots")
    require_not_declared(section)
    report, _election = ballot_set_check(section=section, fileobj=fileobj, filename=filename, mapping=mapping, progress=progress)
    if not report.accepted:
        audit_record(actor=user, action="ballot_set.refused", section=section, details=_report_summary(report))
        raise BallotFileRejected(report)
    fileobj.seek(0)
    ext = "csv" if report.format == BallotSet.Format.CSV else "blt"
    stored = default_storage.save(f"ballot-sets/{section.pk}-{report.sha256[:16]}.{ext}", File(fileobj))
    try:
        with transaction.atomic():
            ballot_set = BallotSet(
                section=section, file=stored, original_name=os.path.basename(filename)[:200], format=report.format,
                sha256=report.sha256, size_bytes=report.size_bytes, title=report.title[:200],
                seats_in_file=report.seats_in_file, ballots_total=report.ballots_total,
                ballots_valid=report.ballots_valid, ballots_invalid=report.ballots_invalid,
                distinct_rankings=report.distinct_rankings, mapping=mapping,
                candidate_map=[list(row) for row in report.candidates], electorate=electorate,
                report=report.as_dict(), loaded_by=user,
            )  # fmt: skip
            ballot_set.full_clean()
            ballot_set.save()
            audit_record(actor=user, action="ballot_set.loaded", section=section, obj=ballot_set, details=_report_summary(report))
    except Exception:
        default_storage.delete(stored)
        raise
    return ballot_set


def _report_summary(report: ballotfiles.LoadReport) -> dict:
    data = report.as_dict()
    data["problems"] = data["problems"][:20]
    data.pop("candidates")
    return data


# -- returns -----------------------------------------------------------------------------------
def return_record(
    *, section: Section, user, method: str, electorate: int, ballots_issued: int, ballots_returned: int,
    ballots_spoilt: int, ballots_valid: int, votes: dict[int, int], scrutineer: str = "",
) -> BallotReturn:
    """Accept a scrutineer's totals only if they add up; ``votes`` maps candidate id to votes."""
    require_manage(user, section, "record a scrutineer's return")
    require_not_declared(section)
    if method not in RETURN_METHODS:
        raise ValidationError({"method": "A return can be recorded only for first past the post or block vote."})
    candidates = list(section.candidates.filter(withdrawn=False))
    unknown = set(votes) - {c.pk for c in candidates}
    if unknown:
        raise ValidationError({"votes": f"Votes given for candidates not standing in {section}."})
    with transaction.atomic():
        ret = BallotReturn(
            section=section, method=method, electorate=electorate, ballots_issued=ballots_issued,
            ballots_returned=ballots_returned, ballots_spoilt=ballots_spoilt, ballots_valid=ballots_valid,
            votes=[[c.pk, c.display_name, votes.get(c.pk, 0)] for c in candidates], scrutineer=scrutineer,
            recorded_by=user,
        )  # fmt: skip
        ret.full_clean()
        ret.save()
        audit_record(actor=user, action="return.recorded", section=section, obj=ret, details={"method": method, "valid": ballots_valid})
    return ret


# -- counts ------------------------------------------------------------------------------------
def count_request(
    *, user, ballot_set: BallotSet | None = None, ballot_return: BallotReturn | None = None,
    method: str | None = None, seats: int | None = None, min_women: int | None = None, seed: int = 0,
    recount_of: Count | None = None, reason: str = "",
) -> Count:
    """Queue a count (defaults from the section) and start it; it runs off the request."""
    source = ballot_set or ballot_return
    section = source.section
    require_manage(user, section, "run a count")
    require_not_declared(section)
    method = method or (ballot_return.method if ballot_return else section.counting_method)
    _check_method(method, ballot_return)
    names, women, withdrawn = _candidates_of(source)
    count = Count(
        section=section, ballot_set=ballot_set, ballot_return=ballot_return,
        input_sha256=ballot_set.sha256 if ballot_set else _return_hash(ballot_return),
        method=method, seats=section.seats if seats is None else seats,
        min_women=section.min_women if min_women is None else min_women, women=women, withdrawn=withdrawn,
        seed=seed, engine_version=ENGINE_VERSION, recount_of=recount_of, reason=reason.strip(), run_by=user,
        progress_text="Waiting to start",
    )  # fmt: skip
    _check_count_figures(count, len(names))
    with transaction.atomic():
        count.full_clean()
        count.save()
        action = "count.recount_requested" if recount_of else "count.requested"
        audit_record(actor=user, action=action, section=section, obj=count, details=_count_inputs(count))
    from ballots.results import tasks

    tasks.start_count(count.pk)
    return count


def _check_method(method: str, ballot_return) -> None:
    if ballot_return is not None and method != ballot_return.method:
        raise ValidationError({"method": f"A scrutineer's return is tallied by its own method ({ballot_return.method})."})
    if ballot_return is None and method not in engine_methods.method_names():
        raise ValidationError({"method": f"Unknown counting method {method!r}."})


def _check_count_figures(count: Count, ncand: int) -> None:
    errors = {}
    if count.seats < 1:
        errors["seats"] = "At least one seat must be filled."
    elif count.seats >= ncand:
        errors["seats"] = f"{count.seats} seats for {ncand} candidates: there must be more candidates than seats."
    if count.min_women > count.seats:
        errors["min_women"] = f"The minimum number of women ({count.min_women}) cannot exceed the seats ({count.seats})."
    elif count.min_women > len(count.women):
        errors["min_women"] = f"Only {len(count.women)} candidates are women; the minimum cannot be {count.min_women}."
    if errors:
        raise ValidationError(errors)


def _candidates_of(source) -> tuple[list[str], list[str], list[str]]:
    """(names in file order, women, withdrawn on the platform) for a ballot set or return."""
    rows = source.candidate_map if isinstance(source, BallotSet) else [[r[0], r[0], r[1]] for r in source.votes]
    ids = [row[1] for row in rows]
    people = Candidate.objects.in_bulk(ids)
    names = [row[2] for row in rows]
    women = sorted(people[i].display_name for i in ids if i in people and people[i].gender == Gender.WOMAN)
    withdrawn = sorted(people[i].display_name for i in ids if i in people and people[i].withdrawn)
    return names, women, withdrawn


def _return_hash(ballot_return: BallotReturn) -> str:
    text = resultdata.canonical({k: getattr(ballot_return, k) for k in (
        "method", "electorate", "ballots_issued", "ballots_returned", "ballots_spoilt", "ballots_valid", "votes")})
    return resultdata.sha256_text(text)


def _count_inputs(count: Count) -> dict:
    return {
        "input_sha256": count.input_sha256, "method": count.method, "seats": count.seats,
        "min_women": count.min_women, "seed": count.seed, "engine_version": count.engine_version,
        "recount_of": count.recount_of_id, "reason": count.reason,
    }  # fmt: skip


def _set_progress(count_id: int, percent: int, text: str, **more) -> None:
    Count.objects.filter(pk=count_id).update(progress=percent, progress_text=text, **more)


def count_run(*, count_id: int) -> Count:
    """Run a queued count to the end, recording progress, the result or the error."""
    _set_progress(count_id, 5, "Reading the ballot file", status=Count.Status.RUNNING, started_at=timezone.now())
    count = Count.objects.select_related("ballot_set", "ballot_return", "section").get(pk=count_id)
    try:
        result = _compute(count)
    except (CountError, ballotfiles.BltError, ValueError, OSError) as exc:
        _set_progress(count_id, 100, "Failed", status=Count.Status.FAILED, error=str(exc), finished_at=timezone.now())
        audit_record(actor=count.run_by, action="count.failed", section=count.section, obj=count, details={"error": str(exc)})
        return Count.objects.get(pk=count_id)
    text = resultdata.result_to_json(result)
    _set_progress(
        count_id, 100, "Done", status=Count.Status.DONE, result_json=text, result_sha256=resultdata.sha256_text(text),
        elected=list(result.elected), finished_at=timezone.now(),
    )  # fmt: skip
    count.refresh_from_db()
    audit_record(
        actor=count.run_by, action="count.done", section=count.section, obj=count,
        details={"elected": list(result.elected), "result_sha256": count.result_sha256},
    )  # fmt: skip
    return count


def _compute(count: Count):
    if count.ballot_return_id:
        return _tally(count)
    election = _stored_election(count)
    _set_progress(count.pk, 50, f"Counting {election.total_ballots:,} ballots by {count.method}")
    options = CountOptions(seats=count.seats, min_women=count.min_women, women=frozenset(count.women), seed=count.seed)
    return engine_methods.count(election, count.method, options)


def _stored_election(count: Count):
    """The stored ballots with the platform's names and the platform's withdrawals applied."""
    election = ballot_set_election(count.ballot_set, count.seats, progress=_reading_progress(count))
    withdrawn = election.withdrawn | {i for i, n in enumerate(election.candidates) if n in set(count.withdrawn)}
    return dataclasses.replace(election, withdrawn=frozenset(withdrawn))


def _reading_progress(count: Count):
    """Progress from 5% to 45% while the stored file is read, written at most twice a second."""
    size = max(count.ballot_set.size_bytes, 1)
    last = [0.0]

    def report(done: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5:
            last[0] = now
            _set_progress(count.pk, 5 + int(40 * min(done / size, 1)), f"Reading the ballot file ({done / size:.0%})")

    return report


def ballot_set_election(ballot_set: BallotSet, seats: int, progress=None):
    """The stored file read again, checked against its hash, with the platform's candidate names."""
    report = ballotfiles.LoadReport(filename=ballot_set.original_name)
    with default_storage.open(ballot_set.file.name, "rb") as f:
        if ballot_set.format == BallotSet.Format.CSV:
            election = _read_csv(f, report, seats)
        else:
            election = ballotfiles.read_election(f, report, progress)
    if election is None:
        raise ValueError("The stored ballot file can no longer be read: " + "; ".join(report.errors or [p[1] for p in report.problems]))
    if election.input_sha256 != ballot_set.sha256:
        raise ValueError(
            f"The stored ballot file has changed since it was loaded (SHA-256 {election.input_sha256[:12]}…, "
            f"expected {ballot_set.sha256[:12]}…)."
        )
    return dataclasses.replace(election, candidates=tuple(row[2] for row in ballot_set.candidate_map))


def _tally(count: Count):
    ret = count.ballot_return
    names = [row[1] for row in ret.votes]
    return arithmetic.tally_return(
        title=str(count.section), names=names, votes={row[1]: row[2] for row in ret.votes}, seats=count.seats,
        min_women=count.min_women, women=set(count.women), seed=count.seed, method=count.method,
        input_sha256=count.input_sha256,
    )  # fmt: skip


def count_declare(*, user, count: Count) -> Count:
    """Declare ``count`` as the section's result; refuses anything that would breach the rules."""
    section = count.section
    require_manage(user, section, "declare a result")
    with transaction.atomic():
        Section.objects.select_for_update().get(pk=section.pk)  # one declaration at a time per section
        require_not_declared(section)
        count = Count.objects.select_for_update().get(pk=count.pk)
        require(count.status == Count.Status.DONE, f"Count {count.pk} has not finished successfully, so it cannot be declared.")
        require(count.seats == section.seats, f"{section} elects {section.seats}; count {count.pk} filled {count.seats} seats.")
        require(
            count.min_women >= section.min_women,
            f"{section} requires at least {section.min_women} women; count {count.pk} was run with a minimum of {count.min_women}.",
        )
        women = sum(1 for name in count.elected if name in set(count.women))
        require(women >= section.min_women, f"Count {count.pk} elects {women} women; {section} requires at least {section.min_women}.")
        count.declared_at = timezone.now()
        count.declared_by = user
        count.save(update_fields=["declared_at", "declared_by"])
        audit_record(actor=user, action="count.declared", section=section, obj=count, details={"elected": count.elected})
    return count


def upload_limit_bytes() -> int:
    return int(getattr(settings, "RESULTS_UPLOAD_MAX_BYTES", 50 * 1024 * 1024))
