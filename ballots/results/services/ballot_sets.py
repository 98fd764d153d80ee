"""Ballot sets: a file validated whole, then stored immutable with its hash."""

from __future__ import annotations

import dataclasses
import os
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from ballots.results import ballotfiles
from ballots.results.models import BallotSet
from ballots.results.permissions import require_manage
from ballots.results.services.declaration import require_not_declared
from elections.audit import audit_record
from elections.models import Section


class BallotFileRejected(Exception):
    """The file was not stored; ``report`` says why, line by line."""

    def __init__(self, report: ballotfiles.LoadReport) -> None:
        self.report = report
        super().__init__("; ".join(report.errors) or f"{report.problems_total} broken lines")


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
    report.candidates = [
        (n, getattr(by_name.get(_key(n)), "pk", None), getattr(by_name.get(_key(n)), "display_name", "")) for n in names
    ]
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
    method = section.counting_method  # valid papers are those the section's method counts
    if filename.lower().endswith(".csv"):
        report.format = BallotSet.Format.CSV
        election = _read_csv(fileobj, report, section.seats, method)
    else:
        election = ballotfiles.read_election(fileobj, report, method=method, progress=progress)
    if election is None:
        return report, None
    map_candidates(section, election.candidates, mapping, report)
    if report.format == BallotSet.Format.BLT and election.seats != section.seats:
        report.warnings.append(
            f"The file says {election.seats} seats; {section} has {section.seats}. Counts use the section's "
            "number unless you change it when you run the count."
        )
    _refuse_if_loaded_already(section, report)
    return report, election


def _refuse_if_loaded_already(section: Section, report: ballotfiles.LoadReport) -> bool:
    """Add the refusal to ``report`` when this exact file is already loaded for the section."""
    existing = BallotSet.objects.filter(section=section, sha256=report.sha256, discarded_at__isnull=True).first()
    if existing:
        report.errors.append(
            f"This exact file (SHA-256 {report.sha256[:12]}…) was already loaded as ballot set {existing.pk}."
        )
    return existing is not None


def _read_csv(fileobj, report, seats: int, method: str):
    """CSV files are read whole (the engine's CSV reader takes bytes): the web limit applies."""
    fileobj.seek(0)
    data = fileobj.read()
    election = ballotfiles.read_csv_election(data, seats, report, method=method)
    return election


def ballot_set_load(
    *,
    section: Section,
    user,
    fileobj: BinaryIO,
    filename: str,
    mapping: str = "name",
    electorate: int | None = None,
    progress=None,
) -> BallotSet:
    """Validate the whole file, then store it with its hash; a refused file stores nothing.

    The file is checked outside any lock (it may take seconds); the section row is then locked
    while the set is stored, so two uploads of the same file at once are taken one after the
    other and the second is refused like any file already loaded.
    """
    require_manage(user, section, "load ballots")
    require_not_declared(section)
    report, _election = ballot_set_check(
        section=section, fileobj=fileobj, filename=filename, mapping=mapping, progress=progress
    )
    if not report.accepted:
        _refused(user, section, report)
    fileobj.seek(0)
    ext = "csv" if report.format == BallotSet.Format.CSV else "blt"
    stored = default_storage.save(f"ballot-sets/{section.pk}-{report.sha256[:16]}.{ext}", File(fileobj))
    try:
        with transaction.atomic():
            locked = Section.objects.select_for_update(of=("self",)).select_related("election").get(pk=section.pk)
            require_not_declared(locked)
            if _refuse_if_loaded_already(locked, report):
                raise BallotFileRejected(report)
            ballot_set = _stored_set(locked, user, stored, filename, mapping, electorate, report)
            section_freeze(locked)
            audit_record(
                actor=user, action="ballot_set.loaded", section=locked, obj=ballot_set, details=_report_summary(report)
            )
    except BallotFileRejected:
        default_storage.delete(stored)
        _refused(user, section, report)
    except Exception:
        default_storage.delete(stored)
        raise
    return ballot_set


def _refused(user, section: Section, report: ballotfiles.LoadReport):
    """Record the refusal (after any rollback, so it stays) and refuse."""
    audit_record(actor=user, action="ballot_set.refused", section=section, details=_report_summary(report))
    raise BallotFileRejected(report)


def _stored_set(section, user, stored, filename, mapping, electorate, report) -> BallotSet:
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
    return ballot_set


def section_freeze(section: Section) -> None:
    """Ballots are loaded: the section's counting settings are frozen (call under its row lock)."""
    if section.counting_lock == Section.CountingLock.OPEN:
        Section.objects.filter(pk=section.pk).update(counting_lock=Section.CountingLock.LOADED)
        section.counting_lock = Section.CountingLock.LOADED


def _report_summary(report: ballotfiles.LoadReport) -> dict:
    data = report.as_dict()
    data["problems"] = data["problems"][:20]
    data.pop("candidates")
    return data


def ballot_set_election(ballot_set: BallotSet, seats: int, progress=None):
    """The stored file read again, checked against its hash, with the platform's candidate names."""
    report = ballotfiles.LoadReport(filename=ballot_set.original_name)
    method = ballot_set.section.counting_method
    with default_storage.open(ballot_set.file.name, "rb") as f:
        if ballot_set.format == BallotSet.Format.CSV:
            election = _read_csv(f, report, seats, method)
        else:
            election = ballotfiles.read_election(f, report, method=method, progress=progress)
    if election is None:
        raise ValueError(
            "The stored ballot file can no longer be read: "
            + "; ".join(report.errors or [p[1] for p in report.problems])
        )
    if election.input_sha256 != ballot_set.sha256:
        raise ValueError(
            f"The stored ballot file has changed since it was loaded (SHA-256 {election.input_sha256[:12]}…, "
            f"expected {ballot_set.sha256[:12]}…)."
        )
    return dataclasses.replace(election, candidates=tuple(row[2] for row in ballot_set.candidate_map))


def upload_limit_bytes() -> int:
    return int(getattr(settings, "RESULTS_UPLOAD_MAX_BYTES", 50 * 1024 * 1024))
