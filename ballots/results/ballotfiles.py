"""Reading and checking a ballot file before anything is stored: the engine's one grammar.

The engine's readers (``ballots.counting.blt``, ``csvballots``) decide whether a file can be
counted. Here they read in their checking mode, which collects every broken line with its
number, so the returning officer sees all of them at once; the file is read once (a second
pass over the raw lines, only when some are broken, finds their numbers). The valid and
invalid papers are those of the method that will count the set (``ballots.counting.validity``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from ballots.counting import validity
from ballots.counting.blt import BltError, ballots_of, check_blt_stream
from ballots.counting.csvballots import check_csv_bytes
from ballots.counting.limits import MAX_ERRORS_LISTED
from ballots.counting.model import Ballot, Election

__all__ = ["BltError", "LoadReport", "ProgressReader", "read_csv_election", "read_election"]
MAX_LISTED = MAX_ERRORS_LISTED  # broken lines listed one by one; the rest are counted


@dataclass
class LoadReport:
    """What the returning officer reads after an upload, accepted or not."""

    filename: str
    size_bytes: int = 0
    sha256: str = ""
    format: str = "blt"
    title: str = ""
    seats_in_file: int = 0
    ballots_total: int = 0
    ballots_valid: int = 0
    ballots_invalid: int = 0
    distinct_rankings: int = 0
    lines_without_zero: int = 0
    invalid_reasons: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    problems_total: int = 0
    errors: list[str] = field(default_factory=list)  # whole-file reasons for refusal
    warnings: list[str] = field(default_factory=list)
    candidates: list[tuple[str, int | None, str]] = field(default_factory=list)  # file name, id, platform name
    mapping: str = "name"

    @property
    def accepted(self) -> bool:
        return not self.errors and not self.problems_total

    def as_dict(self) -> dict:
        return {
            "filename": self.filename,
            "accepted": self.accepted,
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
            "format": self.format,
            "title": self.title,
            "seats_in_file": self.seats_in_file,
            "ballots_total": self.ballots_total,
            "ballots_valid": self.ballots_valid,
            "ballots_invalid": self.ballots_invalid,
            "distinct_rankings": self.distinct_rankings,
            "lines_without_zero": self.lines_without_zero,
            "invalid_reasons": self.invalid_reasons,
            "problems": [{"line": line, "reason": reason} for line, reason in self.problems],
            "problems_total": self.problems_total,
            "problems_not_listed": self.problems_total - len(self.problems),
            "errors": self.errors,
            "warnings": self.warnings,
            "mapping": self.mapping,
            "candidates": [{"in_file": f, "candidate_id": i, "candidate": n} for f, i, n in self.candidates],
        }


class ProgressReader:
    """A file wrapper that reports how many bytes have been read (for progress bars)."""

    def __init__(self, f: BinaryIO, callback: Callable[[int], None] | None) -> None:
        self.f, self.callback, self.done = f, callback, 0

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.done += len(data)
        if self.callback:
            self.callback(self.done)
        return data

    # The engine's reader reads again from the start to number a file's broken lines.
    def seekable(self) -> bool:
        return bool(getattr(self.f, "seekable", lambda: False)())

    def seek(self, *args) -> int:
        return self.f.seek(*args)


def read_election(f: BinaryIO, report: LoadReport, *, method: str, progress=None) -> Election | None:
    """The BLT file as an ``Election``, or None with every reason in ``report``; the valid
    papers are those ``method`` counts."""
    f.seek(0)
    found = check_blt_stream(ProgressReader(f, progress))
    report.sha256, report.seats_in_file = found.sha256, found.seats
    report.lines_without_zero = found.lines_without_zero
    if found.lines_without_zero and found.ok:
        n = found.lines_without_zero
        report.warnings.append(
            f"{n:,} ballot line{'s have' if n != 1 else ' has'} no closing 0 (no line in the file has one), "
            "so each was read to its end."
        )
    if found.ok:
        summarise(found.election, report, method)
        return found.election
    partial = Election("", (), max(found.seats, 1), _ballots(found.rankings), withdrawn=found.withdrawn)
    _refused(report, found.errors, found.errors_total, found.broken, partial, found.ballots_read, method)
    return None


def read_csv_election(data: bytes, seats: int, report: LoadReport, *, method: str) -> Election | None:
    """A CSV of rankings as an ``Election``, or None with every broken row in ``report``."""
    found = check_csv_bytes(data, seats, title=report.filename)
    report.sha256 = found.sha256
    if found.ok:
        summarise(found.election, report, method)
        return found.election
    errors = [BltError(e.row, f"row {e.row}: {e.reason}" if e.row else e.reason, e.kind) for e in found.errors]
    partial = Election("", (), max(seats, 1), _ballots(found.rankings))
    _refused(report, errors, found.errors_total, found.broken, partial, found.ballots_read, method)
    return None


def summarise(election: Election, report: LoadReport, method: str) -> None:
    """Counts for an accepted file: valid and invalid papers as ``method`` will count them."""
    report.sha256 = election.input_sha256
    report.title = election.title
    report.seats_in_file = election.seats
    report.distinct_rankings = len(election.ballots)
    judged = validity(election, method)
    report.ballots_total = judged.valid + judged.invalid
    report.invalid_reasons = judged.reasons
    report.ballots_invalid = judged.invalid
    report.ballots_valid = judged.valid


def _refused(report, errors, total, broken, partial: Election, read: int, method: str) -> None:
    """A refused file's report: every broken line, and the papers on the others."""
    for error in errors:
        if error.line:
            report.problems.append((error.line, error.reason))
        else:
            report.errors.append(error.reason[:1].upper() + error.reason[1:] + ".")
    report.problems_total = total - sum(1 for e in errors if not e.line)
    judged = validity(partial, method)
    report.invalid_reasons = {**broken, **judged.reasons}
    report.ballots_total = read + sum(broken.values())
    report.ballots_valid = judged.valid
    report.ballots_invalid = report.ballots_total - judged.valid


def _ballots(rankings: dict) -> tuple[Ballot, ...]:
    return ballots_of(rankings)
